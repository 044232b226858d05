package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.Curl;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StreamHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend's trailing metadata as real HTTP/1.1 trailer fields when the request carries
 * {@code TE: trailers} (issue 12, point 5), as grpc-gateway sends them: the response is chunked,
 * its head announces {@code Grpc-Trailer-*} in {@code Trailer}, and the fields follow the last
 * chunk; without {@code TE: trailers} a whole response keeps them as headers. Streams end with
 * trailer fields either way. Read with raw sockets (client libraries drop trailers) and curl.
 */
class TrailersEndToEndTest {
  private static GatewayHarness unary;
  private static StreamHarness streams;

  @BeforeAll
  static void start() throws Exception {
    unary = GatewayHarness.start();
    streams = StreamHarness.start(c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable h : new AutoCloseable[] {unary, streams}) {
      if (h != null) {
        h.close();
      }
    }
  }

  @Test
  void aUnaryAnswerToTeTrailersIsChunkedWithItsTrailerMetadataAfterTheBody() throws Exception {
    try (RawHttp raw = new RawHttp(unary.port())) {
      raw.write("GET /e2e/echo/a1 HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("transfer-encoding", "chunked")
          .containsEntry("trailer", "Grpc-Trailer-x-resp-trailer")
          .containsEntry("grpc-metadata-x-resp-header", "from-backend")
          .doesNotContainKeys("content-length", "grpc-trailer-x-resp-trailer");
      assertThat(response.body()).isEqualTo("{\"id\":\"a1\"}");
      assertThat(response.trailers()).containsExactly(java.util.Map.entry("grpc-trailer-x-resp-trailer", "done"));
      // The connection goes on after the trailer section.
      raw.write("GET /e2e/echo/a2 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("{\"id\":\"a2\"}");
    }
  }

  @Test
  void withoutTeTrailersTheTrailerMetadataStaysAResponseHeader() throws Exception {
    try (RawHttp raw = new RawHttp(unary.port())) {
      raw.write("GET /e2e/echo/a1 HTTP/1.1\r\nHost: x\r\nTE: deflate\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.headers()).containsEntry("content-length", "11")
          .containsEntry("grpc-trailer-x-resp-trailer", "done").doesNotContainKeys("trailer", "transfer-encoding");
      assertThat(response.trailers()).isEmpty();
    }
  }

  @Test
  void anErrorAnswerCarriesItsTrailerMetadataAsTrailersToo() throws Exception {
    String body = "{\"code\":5,\"message\":\"gone\"}";
    try (RawHttp raw = new RawHttp(unary.port())) {
      raw.write("POST /e2e/fail HTTP/1.1\r\nHost: x\r\nTE: gzip, trailers\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body);
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("{\"code\":5,\"message\":\"gone\",\"details\":[]}");
      assertThat(response.trailers()).containsEntry("grpc-trailer-x-resp-trailer", "failed");
    }
  }

  @Test
  void anHttp10RequestCannotTakeTrailersAndGetsThemAsHeaders() throws Exception {
    try (RawHttp raw = new RawHttp(unary.port())) {
      raw.write("GET /e2e/echo/a1 HTTP/1.0\r\nTE: trailers\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.headers()).containsEntry("grpc-trailer-x-resp-trailer", "done").containsKey("content-length");
    }
  }

  @Test
  void aServerStreamEndsWithItsTrailerMetadataAsTrailerFields() throws Exception {
    for (String te : new String[] {"TE: trailers\r\n", ""}) {
      try (RawHttp raw = new RawHttp(streams.port())) {
        raw.write("GET /stream/count?count=2 HTTP/1.1\r\nHost: x\r\n" + te + "\r\n");
        RawHttp.Response response = raw.read();
        assertThat(response.body()).isEqualTo("[{\"n\":\"1\"},{\"n\":\"2\"}]");
        assertThat(response.trailers()).as(te).containsEntry("grpc-trailer-x-stream-trailer", "OK");
      }
    }
  }

  @Test
  void curlRawShowsTheTrailerSection() throws Exception {
    String raw = Curl.run("--raw", "-H", "TE: trailers", "http://127.0.0.1:" + unary.port() + "/e2e/echo/a1");
    assertThat(raw).isEqualTo("b\r\n{\"id\":\"a1\"}\r\n0\r\nGrpc-Trailer-x-resp-trailer: done\r\n\r\n");
    String head = Curl.run("-s", "-D", "-", "-o", "/dev/null", "-H", "TE: trailers",
        "http://127.0.0.1:" + unary.port() + "/e2e/echo/a1");
    // curl -D prints the trailer fields after the head's empty line
    assertThat(head).contains("trailer: Grpc-Trailer-x-resp-trailer\r\n", "transfer-encoding: chunked\r\n")
        .endsWith("\r\n\r\nGrpc-Trailer-x-resp-trailer: done\r\n");
  }

  @Test
  void aClientThatAsksForTrailersButReadsNoneStillGetsTheWholeBody() throws Exception {
    HttpResponse<String> response = unary.send(HttpRequest.newBuilder(unary.uri("/e2e/echo/a1")).header("TE", "trailers"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"a1\"}");
  }
}
