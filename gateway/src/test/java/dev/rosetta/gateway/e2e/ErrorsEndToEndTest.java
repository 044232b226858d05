package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every failure reaches the client as the mapped HTTP status and a google.rpc.Status body. */
class ErrorsEndToEndTest {
  static GatewayHarness harness;
  static GatewayHarness small;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
    small = GatewayHarness.start(c -> c.withServer(new ServerOptions("127.0.0.1", 0, 8192, 16384, 1024,
        Duration.ofMillis(300), c.server().headerRules())));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    small.close();
  }

  @ParameterizedTest(name = "gRPC code {0} becomes HTTP {1}")
  @CsvSource({
    "1,499", "2,500", "3,400", "4,504", "5,404", "6,409", "7,403", "8,429",
    "9,400", "10,409", "11,400", "12,501", "13,500", "14,503", "15,500", "16,401"
  })
  void backendStatusMapsToHttpStatus(int code, int http) throws Exception {
    HttpResponse<String> response = harness.send("POST", "/e2e/fail", "{\"code\":" + code + ",\"message\":\"boom \\\"quoted\\\"\"}");
    assertThat(response.statusCode()).isEqualTo(http);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"code\":" + code + ",\"message\":\"boom \\\"quoted\\\"\",\"details\":[]}");
  }

  @Test
  void errorDetailsAreDecodedWithTheirType() throws Exception {
    HttpResponse<String> response = harness.send("POST", "/e2e/fail", "{\"code\":9,\"message\":\"no\",\"withDetails\":true}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"TEST_REASON\",\"domain\":\"test.rosetta.dev\",\"metadata\":{\"k\":\"v\"}}")
        .contains("{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":[{\"field\":\"id\",\"description\":\"bad id\"}]}")
        .contains("{\"@type\":\"type.googleapis.com/unknown.Type\",\"value\":\"cmF3\"}");
    assertThat(response.headers().firstValue("grpc-trailer-x-resp-trailer")).hasValue("failed");
  }

  @Test
  void grpcTimeoutHeaderSetsTheDeadline() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/sleep/3000"))
        .header("Grpc-Timeout", "100m"));
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).contains("\"code\":4");
  }

  @Test
  void defaultTimeoutAppliesWithoutTheHeader() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = small.get("/e2e/sleep/5000");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void fastEnoughCallBeatsItsDeadline() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/sleep/10"))
        .header("Grpc-Timeout", "5S"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"count\":10}");
  }

  @Test
  void malformedGrpcTimeoutIs400() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/sleep/1"))
        .header("Grpc-Timeout", "soon"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Grpc-Timeout");
  }

  @Test
  void oversizedBodyDeclaredInContentLengthIs413() throws Exception {
    HttpResponse<String> response = small.send("POST", "/e2e/echo", "{\"id\":\"" + "x".repeat(2000) + "\"}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"code\":8").contains("1024");
  }

  @Test
  void oversizedChunkedBodyIs413() throws Exception {
    try (RawHttp raw = new RawHttp(small.port())) {
      String chunk = "{\"id\":\"" + "y".repeat(1500) + "\"}";
      raw.write("POST /e2e/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo"))
        .header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("text/xml");
  }

  @Test
  void unreachableBackendIs503Fast() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), "127.0.0.1:" + freePort);
    try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
      long start = System.nanoTime();
      HttpResponse<String> response = harness.client.send(
          HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/e2e/echo/x"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("\"code\":14");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void clientDisconnectCancelsTheBackendCall() throws Exception {
    harness.backend.sleepOutcomes.clear();
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/sleep/10000 HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(200); // let the call reach the backend
    }
    assertThat(harness.backend.sleepOutcomes.poll(1, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
  }
}
