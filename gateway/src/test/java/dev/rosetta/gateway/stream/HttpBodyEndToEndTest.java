package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StreamHarness;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** google.api.HttpBody requests and responses: raw bytes with their content type, no JSON. */
class HttpBodyEndToEndTest {
  private static final int MAX_BODY = 64 * 1024;
  private static StreamHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> {
      ServerOptions s = c.server();
      return c.withServer(s.withMaxBodyBytes(MAX_BODY));
    });
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return gw.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @ParameterizedTest(name = "Content-Type {0} comes back as {1}")
  @CsvSource({
      "image/png, image/png",
      "text/plain; charset=utf-8, text/plain; charset=utf-8",
      "application/json, application/json",
      ", application/octet-stream",
  })
  void unaryHttpBodyGoesInAndComesOutAsRawBytesWithItsContentType(String sent, String received) throws Exception {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, '{', '\n'};
    HttpResponse<byte[]> response = send("POST", "/stream/echo", sent, bytes);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue(received);
    // The extension the backend adds has no place in an HTTP response: only the data goes out.
    assertThat(response.body()).isEqualTo(bytes);
  }

  @Test
  void failedHttpBodyCallAnswersTheUsualJsonError() throws Exception {
    HttpResponse<byte[]> response = send("POST", "/stream/echo", "text/plain", "fail".getBytes());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new String(response.body())).isEqualTo("{\"code\":3,\"message\":\"asked to fail\",\"details\":[]}");
  }

  @Test
  void bodyNamingAnHttpBodyFieldTakesTheRawBytesWithPathVariablesBesideThem() throws Exception {
    HttpResponse<byte[]> response = send("PUT", "/stream/shelf/attach", "text/csv", "a,b\n1,2\n".getBytes());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body())).isEqualTo("{\"sum\":\"8\",\"count\":\"1\",\"label\":\"shelf text/csv\"}");
  }

  @Test
  void httpBodyBodyLargerThanTheLimitIsRefused() throws Exception {
    // Announced, not sent: the gateway answers from the head (a real client racing to send the
    // body into a closing connection would make the test flaky).
    try (RawHttp raw = new RawHttp(gw.port())) {
      raw.write("POST /stream/echo HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: "
          + (MAX_BODY + 1) + "\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("larger than the limit");
    }
  }

  @Test
  void streamedHttpBodyUploadGoesInChunksThroughAGatewayWithA64KiBBodyLimit() throws Exception {
    int blocks = 160; // 10 MiB in 64 KiB blocks, of unknown length (chunked transfer)
    Enumeration<InputStream> body = Collections.enumeration(Collections.nCopies(blocks, 0).stream()
        .map(i -> (InputStream) new ByteArrayInputStream(new byte[64 * 1024])).toList());
    HttpResponse<String> response = gw.client.send(HttpRequest.newBuilder(gw.uri("/stream/upload"))
        .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"sum\":\"10485760\",\"count\":\"").endsWith(
        "\",\"label\":\"application/octet-stream\"}");
    long messages = Long.parseLong(response.body().replaceAll(".*\"count\":\"(\\d+)\".*", "$1"));
    // Each message is one chunk of at most 64 KiB: the upload was never gathered whole.
    assertThat(messages).isGreaterThanOrEqualTo(blocks);
  }
}
