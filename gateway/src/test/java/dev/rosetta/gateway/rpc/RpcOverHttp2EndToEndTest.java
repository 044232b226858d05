package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import dev.rosetta.gateway.testing.LibraryGateway;
import dev.rosetta.gateway.testing.RawHttp2;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC-Web and Connect over HTTP/2 (h2c, the JDK client's upgrade on the plain port): the RPC
 * front ends are written against the exchange layer's connection interface only, so an HTTP/2
 * stream serves them as an HTTP/1.1 connection does: unary calls, server streams (gRPC-Web's
 * trailers in the body's last frame, Connect's end-of-stream message), and the gateway's own
 * errors in each protocol's form; and what only HTTP/2 can carry, a Connect bidi stream whose
 * answers come while the request body is still being sent.
 */
class RpcOverHttp2EndToEndTest {
  static LibraryGateway library;
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

  @BeforeAll
  static void start() throws Exception {
    library = LibraryGateway.start();
    // The first request upgrades the connection to h2c (a GET: the JDK client upgrades on it);
    // every later one is a stream of it.
    String json = java.net.URLEncoder.encode("{\"name\":\"shelves/scifi\"}", StandardCharsets.UTF_8);
    send(HttpRequest.newBuilder(URI.create(library.rpc("GetShelf") + "?encoding=json&message=" + json)).GET());
  }

  @AfterAll
  static void stop() {
    library.close();
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<byte[]> response = client.send(request.timeout(java.time.Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.version()).as("served over HTTP/2").isEqualTo(HttpClient.Version.HTTP_2);
    return response;
  }

  static HttpResponse<byte[]> post(String method, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(library.rpc(method)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  static byte[] watch(String parent) {
    return Frames.frame(WatchBooksRequest.newBuilder().setParent(parent)
        .setInterval(Duration.newBuilder().setNanos(1_000_000)).build().toByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aGrpcWebUnaryCallAnswersItsMessageThenTheTrailersFrame() throws Exception {
    GrpcWebEndToEndTest.isTheScifiShelfWithItsTrailersFrame(post("GetShelf", "application/grpc-web+proto",
        GrpcWebEndToEndTest.getShelf("shelves/scifi"), "x-echo-metadata", "true"));
  }

  @Test
  void aGrpcWebServerStreamSendsEachMessageThenTheTrailersInTheBody() throws Exception {
    HttpResponse<byte[]> response = post("WatchBooks", "application/grpc-web+proto", watch("shelves/scifi"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("transfer-encoding")).as("no HTTP/1-only header on h2").isEmpty();
    Frames frames = Frames.parse(response.body());
    assertThat(frames.messages()).hasSize(3).allSatisfy(f -> assertThat(f.flags()).isZero());
    assertThat(Book.parseFrom(frames.messages().get(0).message()).getTitle()).isEqualTo("Dune");
    assertThat(frames.last().flags()).isEqualTo(0x80);
    assertThat(frames.last().text()).startsWith("grpc-status: 0\r\n");
  }

  @Test
  void theGatewaysOwnGrpcWebErrorIsTrailersOnly() throws Exception {
    HttpResponse<byte[]> response = post("NoSuchMethod", "application/grpc-web+proto", Frames.frame(new byte[0]));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("grpc-status")).hasValue("12");
    assertThat(response.headers().firstValue("grpc-message")).hasValueSatisfying(m -> assertThat(m).contains("no method"));
  }

  @Test
  void aConnectUnaryPostAnswersTheBareMessage() throws Exception {
    HttpResponse<byte[]> response = post("GetShelf", "application/json",
        "{\"name\":\"shelves/scifi\"}".getBytes(StandardCharsets.UTF_8), "Connect-Protocol-Version", "1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo(
        "{\"name\":\"shelves/scifi\",\"theme\":\"Science fiction\",\"createTime\":\"2024-01-01T00:00:00Z\"}");
  }

  @Test
  void aConnectServerStreamEndsWithItsEndOfStreamMessage() throws Exception {
    ConnectEndToEndTest.isTheFictionShelfsStream(post("WatchBooks", "application/connect+proto",
        watch("shelves/fiction"), "x-echo-metadata", "true"));
  }

  /**
   * A raw HTTP/2 client: the JDK's sends the whole request body before it hands over the
   * response, so it cannot hold a conversation.
   */
  @Test
  void aConnectBidiStreamAnswersEachMessageWhileTheUploadGoesOn() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(library.port())) {
      h2.headers(1, RawHttp2.request("POST", library.rpc("AskLibrarian").getPath())
          .set("content-type", "application/connect+json").set("connect-protocol-version", "1"), false);
      h2.data(1, Unpooled.wrappedBuffer(Frames.frame("{\"query\":\"dune\"}")), false);
      RawHttp2.Frame head = h2.await(f -> f.streamId() == 1 && f.type().equals("HEADERS"), java.time.Duration.ofSeconds(20));
      assertThat(head).as("the answer's head, while the request is still open").isNotNull();
      assertThat(head.status()).isEqualTo("200");
      assertThat(head.headers().get("content-type")).hasToString("application/connect+json");
      assertThat(answer(h2)).contains("\"titles\":[\"Dune\"],\"questionNumber\":1}");
      // The second question goes only after the first answer came: the upload is still open.
      h2.data(1, Unpooled.wrappedBuffer(Frames.frame("{\"query\":\"no such words\"}")), false);
      assertThat(answer(h2)).contains("nothing on \\\"no such words\\\".\",\"questionNumber\":2}");
      h2.data(1, Unpooled.EMPTY_BUFFER, true);
      List<RawHttp2.Frame> rest = h2.awaitStream(1, java.time.Duration.ofSeconds(20));
      String end = RawHttp2.body(rest);
      assertThat(end).as("only the end-of-stream message, without an error").startsWith("\u0002").endsWith("{}");
      assertThat(rest.get(rest.size() - 1).endStream()).isTrue();
    }
  }

  /** The text of the next DATA frame of stream 1 (an envelope: its prefix bytes are below 0x80, so read as text). */
  private static String answer(RawHttp2 h2) throws InterruptedException {
    RawHttp2.Frame data = h2.await(f -> f.streamId() == 1 && f.type().equals("DATA"), java.time.Duration.ofSeconds(20));
    assertThat(data).as("an answer within 20 s").isNotNull();
    return data.data();
  }

  @Test
  void theGatewaysOwnConnectErrorIsConnectsJson() throws Exception {
    HttpResponse<byte[]> response = post("GetShelf", "application/json", new byte[] {1, 2, 3}, "Content-Encoding", "br");
    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(ConnectEndToEndTest.field(text(response), "code")).isEqualTo("unimplemented");
    assertThat(ConnectEndToEndTest.field(text(response), "message")).contains("gzip, identity");
  }
}
