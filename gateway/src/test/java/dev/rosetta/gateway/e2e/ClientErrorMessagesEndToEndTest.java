package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.testing.GatewayHarness;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client-visible error message the engine produces (routing, binding, both JSON codecs,
 * request streams), exactly as a client reads it, end to end through a real backend: each row
 * runs against the fast codec and the reference codec, which must say the same thing. Every
 * message names the field as the client spelled it (JSON or proto name) or the parameter, says
 * where (line and column) for a body, and what was expected; none carries a Java class name or
 * a parser's own wording. The HTTP front end's own errors (404, 405, 413, 415, ...) join this
 * table with the exchange-layer work.
 */
class ClientErrorMessagesEndToEndTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String ECHO = "rosetta.test.e2e.v1.EchoMessage";
  private static GatewayHarness fast;
  private static GatewayHarness reference;
  private static StreamHarness fastStreams;
  private static StreamHarness referenceStreams;

  @BeforeAll
  static void start() throws Exception {
    fast = GatewayHarness.start();
    reference = GatewayHarness.start(c -> c.withCodecName(Codecs.REFERENCE));
    fastStreams = StreamHarness.start(c -> c);
    referenceStreams = StreamHarness.start(c -> c.withCodecName(Codecs.REFERENCE));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable h : new AutoCloseable[] {fast, reference, fastStreams, referenceStreams}) {
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
      assertThat(actual).as("%s on port %d", request, port).isEqualTo(message)
          .doesNotContainIgnoringCase("exception").doesNotContain("com.google", "java.", "gson", "$.");
    }
  }

  /** Raw requests a URI class would refuse to send: a malformed percent-escape in the path. */
  @org.junit.jupiter.api.Test
  void aMalformedPercentEscapeInThePathIsNamed() throws Exception {
    for (GatewayHarness h : List.of(fast, reference)) {
      try (dev.rosetta.gateway.testing.RawHttp raw = new dev.rosetta.gateway.testing.RawHttp(h.port())) {
        raw.write("GET /e2e/echo/a%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        dev.rosetta.gateway.testing.RawHttp.Response response = raw.read();
        assertThat(response.status()).isEqualTo(400);
        assertThat(parseMessage(response.body())).isEqualTo("invalid percent-encoding in path: /e2e/echo/a%zz");
      }
    }
  }

  private static String parseMessage(String json) throws Exception {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().ignoringUnknownFields().merge(json, status);
    return status.getMessage();
  }
}
