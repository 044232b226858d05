package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rosetta.gateway.accesslog.AccessLog;
import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.Json;
import dev.rosetta.gateway.testing.StderrCapture;
import dev.rosetta.gateway.testing.LibraryGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Connect protocol over HTTP/1.1 against the example library backend, with a plain HTTP
 * client: unary POST (JSON and proto), the GET form, errors with details, Connect-Timeout-Ms,
 * compression both ways, server streams with their end-of-stream message, and REST's precedence.
 */
class ConnectEndToEndTest {
  static LibraryGateway library;
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    library = LibraryGateway.start(c -> c.withOperations(c.operations().withAccessLog(AccessLog.Format.TEXT)));
  }

  @AfterAll
  static void stop() {
    library.close();
  }

  static HttpResponse<byte[]> post(String method, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(library.rpc(method))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> get(URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> postJson(String method, String json, String... headers) throws Exception {
    return post(method, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** The JSON object of a text, and a field of it by a dotted path ({@code error.details.0.type}). */
  static String field(String json, String path) {
    Value value = Value.newBuilder().setStructValue(Json.parse(json, Struct.getDefaultInstance())).build();
    for (String part : path.split("\\.")) {
      value = part.matches("\\d+") ? value.getListValue().getValues(Integer.parseInt(part))
          : value.getStructValue().getFieldsOrThrow(part);
    }
    return value.hasNumberValue() ? Long.toString((long) value.getNumberValue()) : value.getStringValue();
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aUnaryJsonPostAnswersTheBareMessage() throws Exception {
    HttpResponse<byte[]> response = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}", "Connect-Protocol-Version", "1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo(
        "{\"name\":\"shelves/scifi\",\"theme\":\"Science fiction\",\"createTime\":\"2024-01-01T00:00:00Z\"}");
  }

  @Test
  void aUnaryProtoPostPassesTheBytesThrough() throws Exception {
    HttpResponse<byte[]> response = post("GetShelf", "application/proto",
        GetShelfRequest.newBuilder().setName("shelves/history").build().toByteArray());
    assertThat(response.headers().firstValue("content-type")).hasValue("application/proto");
    assertThat(Shelf.parseFrom(response.body()).getTheme()).isEqualTo("History");
  }

  @Test
  void trailersComeAsPrefixedHeaders() throws Exception {
    HttpResponse<byte[]> response = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}", "x-echo-metadata", "true");
    assertThat(response.headers().firstValue("x-library-server")).hasValue("rosetta-example");
    assertThat(response.headers().firstValue("trailer-x-library-trailer")).hasValue("done");
  }

  @Test
  void theGetFormCallsAMethodWithoutSideEffects() throws Exception {
    String json = URLEncoder.encode("{\"name\":\"shelves/fiction\"}", StandardCharsets.UTF_8);
    HttpResponse<byte[]> response = get(URI.create(library.rpc("GetShelf") + "?encoding=json&message=" + json + "&connect=v1"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).contains("\"theme\":\"Fiction\"");
    String proto = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(GetShelfRequest.newBuilder().setName("shelves/history").build().toByteArray());
    HttpResponse<byte[]> binary = get(URI.create(library.rpc("GetShelf") + "?encoding=proto&base64=1&message=" + proto));
    assertThat(binary.headers().firstValue("content-type")).hasValue("application/proto");
    assertThat(Shelf.parseFrom(binary.body()).getName()).isEqualTo("shelves/history");
  }

  @Test
  void theGetFormIsRefusedForAMethodWithSideEffects() throws Exception {
    HttpResponse<byte[]> response = get(URI.create(library.rpc("DeleteShelf") + "?encoding=json&message=%7B%7D"));
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(field(text(response), "code")).isEqualTo("unimplemented");
  }

  @Test
  void anErrorCarriesItsConnectCodeAndTheBackendsDetails() throws Exception {
    HttpResponse<byte[]> response = postJson("CheckoutBook",
        "{\"name\":\"shelves/scifi/books/neuromancer\",\"borrower\":\"grace\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    String error = text(response);
    assertThat(field(error, "code")).isEqualTo("failed_precondition");
    assertThat(field(error, "message")).contains("already checked out");
    assertThat(field(error, "details.0.type")).isEqualTo("google.rpc.ErrorInfo");
    com.google.rpc.ErrorInfo info = com.google.rpc.ErrorInfo.parseFrom(
        Base64.getDecoder().decode(field(error, "details.0.value")));
    assertThat(info.getReason()).isEqualTo("BOOK_ALREADY_CHECKED_OUT");
    assertThat(field(error, "details.0.debug.reason")).isEqualTo("BOOK_ALREADY_CHECKED_OUT");
  }

  @Test
  void connectTimeoutMsBoundsTheCall() throws Exception {
    HttpResponse<byte[]> response = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}",
        "Connect-Timeout-Ms", "200", "x-delay-ms", "5000");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(field(text(response), "code")).isEqualTo("deadline_exceeded");
    assertThat(postJson("GetShelf", "{}", "Connect-Timeout-Ms", "soon").statusCode()).isEqualTo(400);
  }

  @Test
  void aGzipRequestIsReadAndALargeResponseIsGzippedWhenAccepted() throws Exception {
    HttpResponse<byte[]> response = post("ListBooks", "application/json", gzip("{\"parent\":\"shelves/scifi\"}"),
        "Content-Encoding", "gzip");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-encoding")).as("the client's own coding").hasValue("gzip");
    assertThat(gunzip(response.body())).contains("\"title\":\"Dune\"");
    HttpResponse<byte[]> plain = postJson("ListBooks", "{\"parent\":\"shelves/scifi\"}", "Accept-Encoding", "identity");
    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    HttpResponse<byte[]> small = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}", "Accept-Encoding", "gzip");
    assertThat(small.headers().firstValue("content-encoding")).as("below 1 KiB").isEmpty();
  }

  @Test
  void anUnsupportedCodingIsUnimplementedNamingTheSupportedOnes() throws Exception {
    HttpResponse<byte[]> response = post("GetShelf", "application/json", new byte[] {1, 2, 3}, "Content-Encoding", "br");
    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(field(text(response), "message")).contains("gzip, identity");
  }

  @Test
  void aServerStreamSendsEnvelopesAndEndsWithTheEndOfStreamMessage() throws Exception {
    byte[] request = Frames.frame(WatchBooksRequest.newBuilder().setParent("shelves/fiction")
        .setInterval(Duration.newBuilder().setNanos(1_000_000)).build().toByteArray());
    isTheFictionShelfsStream(post("WatchBooks", "application/connect+proto", request, "x-echo-metadata", "true"));
  }

  /** WatchBooks of shelves/fiction with x-echo-metadata, as Connect frames it (also over HTTP/2). */
  static void isTheFictionShelfsStream(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/connect+proto");
    Frames frames = Frames.parse(response.body());
    assertThat(frames.messages()).hasSize(3);
    assertThat(frames.last().flags()).isEqualTo(0x02);
    assertThat(frames.last().text()).isEqualTo("{\"metadata\":{\"x-library-trailer\":[\"done\"]}}");
  }

  @Test
  void aStreamThatFailsAnswers200WithTheErrorInTheEndOfStreamMessage() throws Exception {
    HttpResponse<byte[]> response = post("WatchBooks", "application/connect+json",
        Frames.frame("{\"parent\":\"shelves/nope\"}"));
    assertThat(response.statusCode()).isEqualTo(200);
    Frames frames = Frames.parse(response.body());
    assertThat(frames.frames()).hasSize(1);
    assertThat(field(frames.last().text(), "error.code")).isEqualTo("not_found");
    assertThat(field(frames.last().text(), "error.details.0.type")).isEqualTo("google.rpc.ResourceInfo");
  }

  @Test
  void aStreamingMethodWithAUnaryContentTypeIs415() throws Exception {
    assertThat(postJson("WatchBooks", "{\"parent\":\"shelves/scifi\"}").statusCode()).isEqualTo(415);
  }

  @Test
  void aClientStreamOverHttp11SendsEveryMessageAndGetsOneAnswer() throws Exception {
    byte[] body = Frames.concat(Frames.frame("{\"parent\":\"shelves/fiction\",\"book\":{\"title\":\"Emma\"}}"),
        Frames.frame("{\"parent\":\"shelves/fiction\",\"book\":{\"title\":\"Persuasion\"}}"));
    HttpResponse<byte[]> response = post("ImportBooks", "application/connect+json", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Frames.parse(response.body()).frames().get(0).text()).contains("\"created\":2");
    assertThat(Frames.parse(response.body()).last().text()).doesNotContain("error");
  }

  @Test
  void aClientStreamWithABadMessageEndsWithItsError() throws Exception {
    HttpResponse<byte[]> response = post("ImportBooks", "application/connect+json", Frames.frame("{}"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Frames.parse(response.body()).last().text()).contains("\"code\":\"invalid_argument\"");
  }

  @Test
  void aBidiStreamOverHttp11GetsConnectsHttpVersionError() throws Exception {
    HttpResponse<byte[]> response = post("AskLibrarian", "application/connect+json", Frames.frame("{\"query\":\"dune\"}"));
    assertThat(response.statusCode()).isEqualTo(505);
  }

  @Test
  void anUnknownProtocolVersionIsRefused() throws Exception {
    HttpResponse<byte[]> response = postJson("GetShelf", "{}", "Connect-Protocol-Version", "2");
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void aRestRouteKeepsItsPathWhateverTheContentType() throws Exception {
    // /v1/shelves is a REST route; a JSON POST there is REST's CreateShelf, answered with REST's error form.
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(library.baseUrl() + "/v1/shelves/nope"))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(field(text(response), "code")).isEqualTo("5");
  }

  @Test
  void aListAnswersAllItsBooks() throws Exception {
    HttpResponse<byte[]> response = post("ListBooks", "application/proto",
        dev.rosetta.examples.library.v1.ListBooksRequest.newBuilder().setParent("shelves/scifi").build().toByteArray());
    assertThat(ListBooksResponse.parseFrom(response.body()).getBooksCount()).isEqualTo(3);
  }

  @Test
  void theAccessLogAndTheMetricsLabelEachCallWithItsProtocol() throws Exception {
    try (StderrCapture log = new StderrCapture()) {
      postJson("GetShelf", "{\"name\":\"shelves/scifi\"}", "X-Request-Id", "connect-call-1");
      post("GetShelf", "application/grpc-web+proto", Frames.frame(GetShelfRequest.newBuilder().setName("shelves/scifi")
          .build().toByteArray()), "X-Request-Id", "grpc-web-call-1");
      client.send(HttpRequest.newBuilder(URI.create(library.baseUrl() + "/v1/shelves/scifi"))
          .header("X-Request-Id", "rest-call-1").build(), HttpResponse.BodyHandlers.discarding());
      for (String[] call : new String[][] {{"connect-call-1", "connect"}, {"grpc-web-call-1", "grpc-web"},
          {"rest-call-1", "http/1.1"}}) {
        Eventually.eventually("the access log line of " + call[0], java.time.Duration.ofSeconds(5),
            () -> log.lines().stream().anyMatch(l -> l.contains(" id=" + call[0] + " proto=" + call[1])));
      }
    }
    String metrics = client.send(HttpRequest.newBuilder(library.admin("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("protocol=\"connect\",reason=\"\",route=\"/" + LibraryGateway.SERVICE + "/GetShelf\",status=\"200\"")
        .contains("protocol=\"http/1.1\",reason=\"\",route=\"/v1/{name=shelves/*}\",status=\"200\"");
  }

  static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static String gunzip(byte[] bytes) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
