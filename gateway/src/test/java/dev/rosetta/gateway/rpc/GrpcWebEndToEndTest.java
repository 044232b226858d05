package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.rpc.ResourceInfo;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import dev.rosetta.gateway.testing.LibraryGateway;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC-Web over HTTP/1.1 against the example library backend, with a plain HTTP client: every
 * content type form, unary and server streaming, trailers in the body, trailers-only errors with
 * their details, deadlines, metadata, compression, limits, CORS and the protocol label.
 */
class GrpcWebEndToEndTest {
  static LibraryGateway library;
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String ORIGIN = "http://app.example";

  @BeforeAll
  static void start() throws Exception {
    library = LibraryGateway.start(c -> LibraryGateway.withCorsFor(
        c.withServer(c.server().withMaxBodyBytes(64 * 1024)), ORIGIN));
  }

  @AfterAll
  static void stop() {
    library.close();
  }

  static HttpResponse<byte[]> call(String method, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(library.rpc(method))
        .header("Content-Type", contentType).header("X-Grpc-Web", "1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] getShelf(String name) {
    return Frames.frame(GetShelfRequest.newBuilder().setName(name).build().toByteArray());
  }

  @Test
  void aUnaryCallAnswersOneMessageFrameThenTheTrailersFrame() throws Exception {
    isTheScifiShelfWithItsTrailersFrame(call("GetShelf", "application/grpc-web+proto", getShelf("shelves/scifi"),
        "x-echo-metadata", "true"));
  }

  /** GetShelf of shelves/scifi with x-echo-metadata, as gRPC-Web frames it (also over HTTP/2). */
  static void isTheScifiShelfWithItsTrailersFrame(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web+proto");
    assertThat(response.headers().firstValue("x-library-server")).as("header metadata").hasValue("rosetta-example");
    Frames frames = Frames.parse(response.body());
    assertThat(frames.frames()).hasSize(2);
    assertThat(Shelf.parseFrom(frames.frames().get(0).message()).getTheme()).isEqualTo("Science fiction");
    assertThat(frames.last().flags()).isEqualTo(0x80);
    assertThat(frames.last().text()).isEqualTo("grpc-status: 0\r\nx-library-trailer: done\r\n");
  }

  @Test
  void theBareContentTypeMeansProto() throws Exception {
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web", getShelf("shelves/history"));
    assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web");
    assertThat(Shelf.parseFrom(Frames.parse(response.body()).frames().get(0).message()).getName())
        .isEqualTo("shelves/history");
  }

  @Test
  void jsonMessagesGoThroughTheGatewaysCodec() throws Exception {
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+json",
        Frames.frame("{\"name\": \"shelves/fiction\"}"));
    assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web+json");
    assertThat(Frames.parse(response.body()).frames().get(0).text())
        .isEqualTo("{\"name\":\"shelves/fiction\",\"theme\":\"Fiction\",\"createTime\":\"2024-01-01T00:00:00Z\"}");
  }

  @Test
  void theTextFormIsBase64BothWaysAndTakesPiecesPaddedOnTheirOwn() throws Exception {
    byte[] frame = getShelf("shelves/scifi");
    // Two pieces, each padded, as a client writing its body in two writes may send it.
    String body = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(frame, 4))
        + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(frame, 4, frame.length));
    assertThat(body.indexOf('=')).isLessThan(body.length() - 2);
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web-text", body.getBytes(StandardCharsets.US_ASCII));
    assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web-text");
    Frames frames = Frames.parse(decodePieces(new String(response.body(), StandardCharsets.US_ASCII)));
    assertThat(Shelf.parseFrom(frames.frames().get(0).message()).getName()).isEqualTo("shelves/scifi");
    assertThat(frames.last().text()).startsWith("grpc-status: 0\r\n");
  }

  /** Base64 text whose pieces may each end in padding. */
  static byte[] decodePieces(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int start = 0;
    for (int at = 0; at < text.length(); at += 4) {
      if (text.charAt(at + 3) == '=' || at + 4 == text.length()) {
        out.writeBytes(Base64.getDecoder().decode(text.substring(start, at + 4)));
        start = at + 4;
      }
    }
    return out.toByteArray();
  }

  @Test
  void aServerStreamSendsEachMessageInItsFrameThenTheTrailers() throws Exception {
    byte[] request = Frames.frame(WatchBooksRequest.newBuilder().setParent("shelves/scifi")
        .setInterval(Duration.newBuilder().setNanos(1_000_000)).build().toByteArray());
    HttpResponse<byte[]> response = call("WatchBooks", "application/grpc-web+proto", request);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    Frames frames = Frames.parse(response.body());
    assertThat(frames.messages()).hasSize(3).allSatisfy(f -> assertThat(f.flags()).isZero());
    assertThat(Book.parseFrom(frames.messages().get(0).message()).getTitle()).isEqualTo("Dune");
    assertThat(frames.last().text()).startsWith("grpc-status: 0\r\n");
  }

  @Test
  void anErrorBeforeAnyMessageIsTrailersOnlyWithTheBackendsDetails() throws Exception {
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto", getShelf("shelves/nope"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("grpc-status")).hasValue("5");
    assertThat(response.headers().firstValue("grpc-message")).hasValue("shelf \"shelves/nope\" not found");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(
        Base64.getDecoder().decode(response.headers().firstValue("grpc-status-details-bin").orElseThrow()));
    assertThat(status.getDetails(0).unpack(ResourceInfo.class).getResourceName()).isEqualTo("shelves/nope");
  }

  @Test
  void aMethodNoLoadedServiceHasIsUnimplemented() throws Exception {
    HttpResponse<byte[]> response = call("NoSuchMethod", "application/grpc-web+proto", getShelf("x"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("grpc-status")).hasValue("12");
  }

  @Test
  void grpcTimeoutBoundsTheCall() throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto", getShelf("shelves/scifi"),
        "grpc-timeout", "200m", "x-delay-ms", "5000");
    assertThat(response.headers().firstValue("grpc-status")).hasValue("4");
    assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
  }

  @Test
  void requestHeadersReachTheBackendAsMetadataButNotTheFramingOnes() throws Exception {
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto", getShelf("shelves/scifi"),
        "x-echo-metadata", "true", "x-team", "blue");
    assertThat(response.headers().firstValue("echo-x-team")).hasValue("blue");
    assertThat(response.headers().firstValue("echo-x-grpc-web")).isEmpty();
    assertThat(response.headers().firstValue("echo-x-request-id")).isPresent();
  }

  @Test
  void aGzipMessageIsReadWhenGrpcEncodingSaysSo() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(GetShelfRequest.newBuilder().setName("shelves/scifi").build().toByteArray());
    }
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto",
        Frames.frame(1, zipped.toByteArray()), "grpc-encoding", "gzip");
    assertThat(Shelf.parseFrom(Frames.parse(response.body()).frames().get(0).message()).getName())
        .isEqualTo("shelves/scifi");
    HttpResponse<byte[]> refused = call("GetShelf", "application/grpc-web+proto",
        Frames.frame(1, zipped.toByteArray()), "grpc-encoding", "snappy");
    assertThat(refused.headers().firstValue("grpc-status")).hasValue("12");
    assertThat(refused.headers().firstValue("grpc-message").orElseThrow()).contains("gzip, identity");
  }

  @Test
  void aBodyOverTheLimitIsRefusedAsResourceExhaustedInTheProtocolsForm() throws Exception {
    byte[] big = Frames.frame(GetShelfRequest.newBuilder().setName("x".repeat(70_000)).build().toByteArray());
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto", big);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("grpc-status")).hasValue("8");
  }

  @Test
  void aBodyThatIsNotOneFrameIsInvalidArgument() throws Exception {
    byte[] two = Frames.concat(getShelf("shelves/scifi"), getShelf("shelves/scifi"));
    assertThat(call("GetShelf", "application/grpc-web+proto", two).headers().firstValue("grpc-status")).hasValue("3");
    assertThat(call("GetShelf", "application/grpc-web+proto", new byte[] {0, 0, 0}).headers().firstValue("grpc-status"))
        .hasValue("3");
  }

  @Test
  void anUnknownCodecIs415() throws Exception {
    assertThat(call("GetShelf", "application/grpc-web+thrift", getShelf("x")).statusCode()).isEqualTo(415);
  }

  @Test
  void aBrowserMayPreflightAndReadTheStatusHeaders() throws Exception {
    HttpResponse<Void> preflight = client.send(HttpRequest.newBuilder(library.rpc("GetShelf"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent").build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-headers").orElseThrow())
        .contains("X-Grpc-Web").contains("X-User-Agent").contains("Content-Type");
    HttpResponse<byte[]> response = call("GetShelf", "application/grpc-web+proto", getShelf("shelves/nope"),
        "Origin", ORIGIN);
    assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
    assertThat(response.headers().firstValue("access-control-expose-headers").orElseThrow())
        .contains("x-request-id").contains("grpc-status").contains("grpc-message").contains("grpc-status-details-bin")
        .contains("x-library-server");
  }

  @Test
  void metricsLabelTheCallsGrpcWeb() throws Exception {
    call("GetShelf", "application/grpc-web+proto", getShelf("shelves/scifi"));
    String metrics = client.send(HttpRequest.newBuilder(library.admin("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("protocol=\"grpc-web\",route=\"/" + LibraryGateway.SERVICE + "/GetShelf\"");
  }
}
