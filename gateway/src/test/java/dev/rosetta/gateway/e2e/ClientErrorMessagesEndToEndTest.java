package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StreamHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client-visible error message, exactly as a client reads it, end to end through a real
 * backend. The engine's (routing, binding, both JSON codecs, request streams): each row runs
 * against the fast codec and the reference codec, which must say the same thing, names the field
 * as the client spelled it (JSON or proto name) or the parameter, says where (line and column)
 * for a body, and what was expected. The HTTP/1.1 front end's (404, 405, 408, 413, 414, 415, 431,
 * 503, a bad {@code Grpc-Timeout}, every malformed request the decoder refuses), sent as raw
 * bytes, since a client library would not send most of them. None carries a Java class name or a
 * library's own wording. A failed backend call's messages (unreachable, deadline, no healthy
 * replica, a backend that misbehaves) are in {@link BackendFailureMessagesEndToEndTest}.
 */
class ClientErrorMessagesEndToEndTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String ECHO = "rosetta.test.e2e.v1.EchoMessage";
  private static GatewayHarness fast;
  private static GatewayHarness reference;
  private static StreamHarness fastStreams;
  private static StreamHarness referenceStreams;
  /** A 1 KiB body and message limit, at most 20 header fields: the front end's limits within reach. */
  private static GatewayHarness front;

  @BeforeAll
  static void start() throws Exception {
    fast = GatewayHarness.start();
    reference = GatewayHarness.start(c -> c.withCodecName(Codecs.REFERENCE));
    fastStreams = StreamHarness.start(c -> c);
    referenceStreams = StreamHarness.start(c -> c.withCodecName(Codecs.REFERENCE));
    front = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(1024)
            .withLimits(ConnectionLimits.DEFAULTS.withMaxHeaders(20)))
        .withBackendOptions(c.backendOptions().withMaxMessageBytes(1024)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable h : new AutoCloseable[] {fast, reference, fastStreams, referenceStreams, front}) {
      if (h != null) {
        h.close();
      }
    }
  }

  /** Request line, body (null: none; bytes given as ISO-8859-1 text), HTTP status, the google.rpc.Status message. */
  static Stream<Arguments> errors() {
    return Stream.of(
        // JSON syntax: where the document stops being JSON, and what was expected there
        row("POST /e2e/echo", "{\"id\": \"a\",", 400, "malformed JSON at line 1, column 12: expected a member name in "
            + "double quotes after ',', found the end of the body"),
        row("POST /e2e/echo", "{\"id\": \"a\" \"count\": 1}", 400, "malformed JSON at \"id\" (line 1, column 12): "
            + "expected ',' or '}' after the member's value, found '\"'"),
        row("POST /e2e/echo", "{\"id\": \"a\\q\"}", 400, "malformed JSON at \"id\" (line 1, column 11): expected an "
            + "escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX), found 'q'"),
        row("POST /e2e/echo", "{\"names\": [\"a\",]}", 400, "malformed JSON at \"names[1]\" (line 1, column 16): "
            + "expected a JSON value (object, array, string, number, true, false or null), found ']'"),
        row("POST /e2e/echo", "{\n  \"count\": -\n}", 400, "malformed JSON at \"count\" (line 2, column 13): "
            + "expected a digit in the number, found byte 0x0a"),
        row("POST /e2e/echo", "{\"id\": \"a\"} x", 400, "unexpected text after the JSON document (line 1, column 13)"),
        row("POST /e2e/echo", "{\"id\": \"caf\u00e9\u00ff\"}", 400,
            "field \"id\": request body is not valid UTF-8 (line 1, column 12)"),
        // values that do not fit: the field as spelled (JSON or proto name), what was expected, what was found
        row("POST /e2e/echo", "{\"count\": \"ten\"}", 400,
            "field \"count\": expected a 32-bit integer, found \"ten\" (line 1, column 11)"),
        row("POST /e2e/echo", "{\"display_name\": {}}", 400,
            "field \"display_name\": expected a string, found {} (line 1, column 18)"),
        row("POST /e2e/echo", "{\"nested\": {\"level\": 1.5}}", 400,
            "field \"nested.level\": expected a 32-bit integer, found 1.5 (line 1, column 22)"),
        row("POST /e2e/echo", "{\"names\": [\"a\", []]}", 400,
            "field \"names[1]\": expected a string, found [] (line 1, column 17)"),
        row("POST /e2e/echo", "{\n  \"id\": \"a\",\n  \"titel\": \"x\"\n}", 400, "field \"titel\": unknown field: message "
            + ECHO + " has no field \"titel\" (JSON or proto name) (line 3, column 3)"),
        row("POST /e2e/echo", "{\"color\": \"PURPLE\"}", 400, "field \"color\": expected a value of enum "
            + "rosetta.test.e2e.v1.Color (COLOR_UNSPECIFIED, RED, GREEN) or its number, found \"PURPLE\" (line 1, column 11)"),
        row("POST /e2e/echo", "{\"when\": \"yesterday\"}", 400, "field \"when\": expected an RFC 3339 timestamp such as "
            + "\"2024-05-01T12:30:00Z\", found \"yesterday\" (line 1, column 10)"),
        row("POST /e2e/echo", "{\"span\": \"5 minutes\"}", 400, "field \"span\": expected a duration in seconds such as "
            + "\"1.5s\", found \"5 minutes\" (line 1, column 10)"),
        row("POST /e2e/echo", "{\"blob\": \"***\"}", 400,
            "field \"blob\": expected a string of base64, found \"***\" (line 1, column 10)"),
        row("POST /e2e/echo", "{\"flag\": \"yes\"}", 400,
            "field \"flag\": expected true or false, found \"yes\" (line 1, column 10)"),
        row("POST /e2e/echo", "{\"big\": 1e30}", 400, "field \"big\": expected a 64-bit integer (a number or a string "
            + "of digits), found 1e30 (line 1, column 9)"),
        row("POST /e2e/echo", "{\"nested\": \"n\"}", 400, "field \"nested\": expected a JSON object "
            + "(rosetta.test.e2e.v1.Nested), found \"n\" (line 1, column 12)"),
        row("POST /e2e/echo", "{\"id\": \"a\", \"id\": \"b\"}", 400,
            "field \"id\": duplicate field \"id\" in " + ECHO + " (line 1, column 13)"),
        row("POST /e2e/echo", "{\"displayName\": \"a\", \"display_name\": \"b\"}", 400,
            "field \"display_name\": duplicate field \"display_name\" in " + ECHO + " (line 1, column 22)"),
        row("POST /e2e/echo", "[1]", 400,
            "expected a JSON object (" + ECHO + "), found [1] (line 1, column 1)"),
        row("POST /e2e/echo", "{\"names\": null, \"colors\": [null]}", 400,
            "field \"colors[0]\": array elements cannot be null (line 1, column 32)"),
        row("PUT /e2e/echo/things/t1", "{\"level\": \"x\"}", 400,
            "field \"level\": expected a 32-bit integer, found \"x\" (line 1, column 11)"),
        row("POST /e2e/names", "\"a\"", 400, "expected a JSON array, found \"a\" (line 1, column 1)"),
        // query parameters and path variables: the parameter as the client named it
        row("GET /e2e/echo/x?count=ten", null, 400, "invalid query parameter \"count\": \"ten\" is not a decimal integer (int32)"),
        row("GET /e2e/echo/x?displayName=a&display_name=b", null, 400, "query parameter \"display_name\" is given more than "
            + "once, but field display_name is not repeated"),
        row("GET /e2e/echo/x?nope=1", null, 400, "unknown query parameter \"nope\": " + ECHO + " has no field nope"),
        row("GET /e2e/echo/x?when=yesterday", null, 400, "invalid query parameter \"when\": \"yesterday\" is not an RFC "
            + "3339 timestamp (e.g. 2024-05-01T12:30:00Z)"),
        row("GET /e2e/echo/x?nested=x", null, 400, "query parameter \"nested\" names the message field nested "
            + "(rosetta.test.e2e.v1.Nested); set its fields one by one, e.g. nested.name"),
        row("GET /e2e/echo/x?color=PURPLE", null, 400, "invalid query parameter \"color\": \"PURPLE\" is not a value of "
            + "enum rosetta.test.e2e.v1.Color (expected one of COLOR_UNSPECIFIED, RED, GREEN or a number)"),
        row("GET /e2e/echo/x?id=y", null, 400, "query parameter \"id\" is not allowed: GET /e2e/echo/{id} binds that "
            + "field from the path"),
        row("POST /e2e/echo?count=1", "{}", 400, "query parameter \"count\" is not allowed: POST /e2e/echo takes every "
            + "field not in the path from the request body (body: \"*\")"),
        row("GET /e2e/sleep/abc", null, 400, "invalid path variable \"millis\": \"abc\" is not a decimal integer (int32)"),
        // request streams: which message of the stream, then the message's own error
        row("POST /stream/shelf/sum", "[{\"n\":1},]", 400, "expected a message in the request stream, found ']'"),
        row("POST /stream/shelf/sum", "{\"n\":1}\n{\"n\":\"x\"}", 400, "message 2 of the request stream: field \"n\": "
            + "expected a 64-bit integer (a number or a string of digits), found \"x\" (line 1, column 6)"),
        row("POST /stream/shelf/sum", "[{\"n\":1}", 400, "request body ended before the closing ']' of the message array"),
        row("POST /stream/shelf/sum", "{\"n\":1} {\"n\":", 400, "request body ended inside message 2 of the stream"));
  }

  private static Arguments row(String request, String body, int status, String message) {
    return Arguments.of(request, body, status, message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("errors")
  void everyErrorNamesTheFieldWhereAndWhatWasExpectedInBothCodecs(String request, String body, int status,
      String message) throws Exception {
    String[] line = request.split(" ", 2);
    boolean stream = line[1].startsWith("/stream/");
    for (int port : stream ? List.of(fastStreams.port(), referenceStreams.port()) : List.of(fast.port(), reference.port())) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + line[1]))
          .timeout(Duration.ofSeconds(20))
          .method(line[0], body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1)));
      if (body != null) {
        builder.header("Content-Type", "application/json");
      }
      HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      String actual = parseMessage(response.body());
      assertThat(response.statusCode()).as("%s on port %d: %s", request, port, response.body()).isEqualTo(status);
      assertThat(actual).as("%s on port %d", request, port).isEqualTo(message);
      assertNoLibraryWording(actual);
    }
  }

  /** Raw request, HTTP status, the google.rpc.Status message: what the front end answers itself. */
  static Stream<Arguments> frontEndErrors() {
    String get = "GET /e2e/echo/a HTTP/1.1\r\nHost: x\r\n";
    String post = "POST /e2e/echo HTTP/1.1\r\nHost: x\r\n";
    String chunked = post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    String big = "{\"id\":\"" + "x".repeat(1500) + "\"}";
    return Stream.of(
        // routing and the request head
        answer("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 404, "no route for GET /nowhere"),
        answer("DELETE /e2e/fail HTTP/1.1\r\nHost: x\r\n\r\n", 405,
            "method DELETE is not allowed on /e2e/fail; allowed: POST"),
        answer("GET /e2e/echo/a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid percent-encoding in path: /e2e/echo/a%zz"),
        answer(get + "Grpc-Timeout: soon\r\n\r\n", 400, "invalid Grpc-Timeout header \"soon\": expected 1-8 digits "
            + "and a unit H, M, S, m, u or n (e.g. 500m)"),
        answer(get + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 400,
            "WebSocket is served on streaming methods only; GET /e2e/echo/{id} is unary"),
        // sizes
        answer(post + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n", 413,
            "request body is larger than the limit of 1024 bytes"),
        answer(chunked + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n", 413,
            "request body is larger than the limit of 1024 bytes"),
        answer("PUT /e2e/echo/things/t1?id=" + "x".repeat(1100) + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            + "\r\nContent-Length: 11\r\n\r\n{\"level\":1}", 413,
            "the request message is 1120 bytes, more than the backend message limit of 1024 bytes"),
        answer("GET /e2e/echo/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
            "request line is longer than the limit of 8192 bytes"),
        answer(get + "X-Big: " + "b".repeat(17_000) + "\r\n\r\n", 431,
            "request headers are larger than the limit of 16384 bytes"),
        answer(get + "X-H: v\r\n".repeat(25) + "\r\n", 431, "too many header fields: 26, the limit is 20"),
        // body types
        answer(post + "Content-Type: text/xml\r\nContent-Length: 2\r\n\r\n{}", 415,
            "unsupported Content-Type \"text/xml\": send application/json"),
        answer("POST /stream/shelf/sum HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 2\r\n\r\n[]",
            415, "unsupported Content-Type \"text/xml\": send application/json (an array of messages) or "
            + "application/x-ndjson (one message per line)"),
        answer(post + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2\r\n\r\n{}", 415,
            "unsupported Content-Type \"multipart/form-data; boundary=b\": send application/json"),
        answer(post + "Content-Type: text/plain\r\nOrigin: https://evil.example\r\nContent-Length: 2\r\n\r\n{}", 415,
            "Content-Type \"text/plain\" is not accepted from a browser page of another origin (Origin: "
            + "https://evil.example), as a cross-site form could send it: send application/json"),
        answer(post + "Sec-Fetch-Site: cross-site\r\nContent-Length: 2\r\n\r\n{}", 415,
            "a body without Content-Type is not accepted from a browser page of another origin (Sec-Fetch-Site: "
            + "cross-site), as a cross-site form could send it: send application/json"),
        // malformed requests: the decoder's refusals in the gateway's words
        answer("FOO\r\n\r\n", 400,
            "malformed HTTP request: the request line is not METHOD, a space, the target, a space and HTTP/1.1"),
        answer("GET /e2e/echo/a HTTP/1.1\r\nHo st: x\r\n\r\n", 400,
            "malformed HTTP request: header name \"Ho st\" is not a token (letters, digits and !#$%&'*+-.^_`|~)"),
        answer("GET /e2e/echo/a HTTP/1.1\r\nHost x\r\n\r\n", 400,
            "malformed HTTP request: a header line is not a name, a colon and a value"),
        answer(get + "X-Bell: a\u0007b\r\n\r\n", 400,
            "malformed HTTP request: the value of header \"X-Bell\" has a control character"),
        answer("GET /e2e/echo/a HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400,
            "malformed HTTP request: a line ends with a bare LF (lines end with CRLF)"),
        answer(get + " X-Folded: y\r\n\r\n", 400, "malformed HTTP request: obsolete line folding (a line "
            + "starting with a space or tab) in header 'Host' is not accepted"),
        answer("GET /e2e/echo/\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400,
            "malformed HTTP request: request target contains the byte 0xe9 at offset 10; send it percent-encoded"),
        answer(post + "Content-Length: abc\r\n\r\n", 400,
            "malformed HTTP request: Content-Length \"abc\" is not a number of bytes"),
        answer(post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 400,
            "malformed HTTP request: more than one Content-Length"),
        answer(post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
            "malformed HTTP request: both Transfer-Encoding and Content-Length are present"),
        answer(post + "Transfer-Encoding: gzip\r\n\r\n", 400,
            "malformed HTTP request: unsupported Transfer-Encoding \"gzip\": only chunked is accepted"),
        answer("POST /e2e/echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
            "malformed HTTP request: Transfer-Encoding is not allowed before HTTP/1.1"),
        answer(chunked + "zz\r\n{}\r\n0\r\n\r\n", 400,
            "malformed HTTP request: invalid chunk size (a hexadecimal number of at most 8 digits)"),
        answer(chunked + "2\r\n{}XX\r\n0\r\n\r\n", 400, "malformed HTTP request: a chunk's data is not followed by CRLF"));
  }

  private static Arguments answer(String raw, int status, String message) {
    return Arguments.of(raw, status, message);
  }

  @ParameterizedTest(name = "{index}: {2}")
  @MethodSource("frontEndErrors")
  void everyAnswerOfTheFrontEndSaysWhatWasWrongInItsOwnWords(String raw, int status, String message)
      throws Exception {
    try (RawHttp client = new RawHttp(front.port())) {
      client.write(raw);
      RawHttp.Response response = client.read();
      assertThat(response).as("an answer").isNotNull();
      assertThat(response.status()).as(response.body()).isEqualTo(status);
      assertThat(response.headers()).containsEntry("content-type", "application/json");
      assertThat(parseMessage(response.body())).isEqualTo(message);
      assertNoLibraryWording(message);
    }
  }

  @Test
  void aRequestThatDoesNotArriveInTimeIs408() throws Exception {
    try (GatewayHarness slow = GatewayHarness.start(c -> c.withServer(c.server()
            .withLimits(ConnectionLimits.DEFAULTS.withRequestReadTimeout(Duration.ofMillis(300)))));
        RawHttp client = new RawHttp(slow.port())) {
      client.write("GET /e2e/echo/a HTTP/1.1\r\nHost: x\r\n");
      RawHttp.Response response = client.read();
      assertThat(response.status()).isEqualTo(408);
      assertThat(parseMessage(response.body())).isEqualTo("request not received within 300 ms");
    }
  }

  @Test
  void aConnectionOverTheLimitIs503() throws Exception {
    try (GatewayHarness one = GatewayHarness.start(c -> c.withServer(c.server()
            .withLimits(ConnectionLimits.DEFAULTS.withMaxConnections(1))));
        RawHttp first = new RawHttp(one.port())) {
      first.write("GET /e2e/echo/a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(first.read().status()).isEqualTo(200); // the first connection is in, and stays open
      try (RawHttp second = new RawHttp(one.port())) {
        RawHttp.Response response = second.read();
        assertThat(response.status()).isEqualTo(503);
        assertThat(parseMessage(response.body()))
            .isEqualTo("too many connections: the gateway serves at most 1 at once; retry later");
      }
    }
  }

  /** What no message may carry: a Java class name, a stack frame, a parser's or Netty's own words. */
  static void assertNoLibraryWording(String message) {
    assertThat(message).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("netty")
        .doesNotContain("com.google", "java.", "io.grpc", "gson", "$.", "\tat ", "possibly HTTP/0.9",
            "Validation failed", "io exception", "CallOptions");
  }

  static String parseMessage(String json) throws Exception {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().ignoringUnknownFields().merge(json, status);
    return status.getMessage();
  }
}
