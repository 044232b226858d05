package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.CorsPolicy;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS: preflights answered by the gateway, allowed origins echoed, others left without headers. */
class CorsEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    CorsPolicy cors = new CorsPolicy(List.of("https://app.example"), List.of("GET", "POST"),
        List.of("Content-Type", "X-Request-Id"), Duration.ofMinutes(5));
    harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withCors(cors).withAdminPort(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static RawHttp.Response send(String raw) throws Exception {
    try (RawHttp http = new RawHttp(harness.port())) {
      http.write(raw);
      return http.read();
    }
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredByTheGatewayAllowingTheRpcProtocolsHeadersToo() throws Exception {
    RawHttp.Response response = send("OPTIONS /e2e/echo HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
        + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n");
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.headers()).containsEntry("access-control-allow-origin", "https://app.example")
        .containsEntry("access-control-allow-methods", "GET, POST")
        .containsEntry("access-control-allow-headers", "Content-Type, X-Request-Id, X-Grpc-Web, X-User-Agent, "
            + "Grpc-Timeout, Connect-Protocol-Version, Connect-Timeout-Ms")
        .containsEntry("access-control-max-age", "300")
        .containsEntry("vary", "origin");
  }

  @Test
  void aPreflightCountsUnderTheRouteItAsksAbout() throws Exception {
    for (String target : List.of("GET /e2e/echo/p1", "GET /nowhere/at/all", "POST /rosetta.test.e2e.v1.EchoService/Fail")) {
      String[] methodAndPath = target.split(" ");
      assertThat(send("OPTIONS " + methodAndPath[1] + " HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
          + "Access-Control-Request-Method: " + methodAndPath[0] + "\r\n\r\n").status()).isEqualTo(204);
    }
    String metrics = harness.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + "/metrics"))).body();
    assertThat(metrics)
        .as("the route a preflight asks about names it on the dashboard, not \"unmatched\" among the 404s")
        .contains("rosetta_http_requests_total{http_method=\"OPTIONS\",protocol=\"http/1.1\",reason=\"\",route=\"/e2e/echo/{id}\",status=\"204\"}")
        .contains("rosetta_http_requests_total{http_method=\"OPTIONS\",protocol=\"http/1.1\",reason=\"\",route=\"unmatched\",status=\"204\"}")
        .as("a gRPC-Web or Connect call's preflight: its method's RPC path")
        .contains("route=\"/rosetta.test.e2e.v1.EchoService/Fail\",status=\"204\"}");
  }

  @Test
  void anActualRequestFromAnAllowedOriginMayBeReadByThePage() throws Exception {
    RawHttp.Response response = send("GET /e2e/echo/c1 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("access-control-allow-origin", "https://app.example")
        .containsEntry("access-control-expose-headers", "x-request-id");
  }

  @Test
  void anotherOriginGetsNoCorsHeadersAndNoPreflightAnswer() throws Exception {
    RawHttp.Response actual = send("GET /e2e/echo/c2 HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\r\n");
    assertThat(actual.status()).isEqualTo(200);
    assertThat(actual.headers()).doesNotContainKey("access-control-allow-origin");
    RawHttp.Response preflight = send("OPTIONS /e2e/echo HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
        + "Access-Control-Request-Method: POST\r\n\r\n");
    assertThat(preflight.status()).isEqualTo(405);
    assertThat(preflight.headers()).doesNotContainKey("access-control-allow-origin");
  }

  @Test
  void withCorsOffNothingChanges() throws Exception {
    try (GatewayHarness plain = GatewayHarness.start(); RawHttp http = new RawHttp(plain.port())) {
      http.write("GET /e2e/echo/c3 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
      assertThat(http.read().headers()).doesNotContainKey("access-control-allow-origin");
    }
  }
}
