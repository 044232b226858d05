package dev.rosetta.gateway.admin;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.RuntimeOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.tracing.TracingOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --warm-up-connections}: readiness waits for the warm-up, the public port serves meanwhile,
 * and what the warm-up sends is in no metric.
 */
class WarmUpReadinessTest {
  private static GatewayHarness start(int warmUpConnections) throws Exception {
    return GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAdminPort(0))
        .withRuntime(new RuntimeOptions(TracingOptions.OFF, 0, warmUpConnections)));
  }

  private static HttpResponse<String> admin(GatewayHarness harness, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + path);
    return harness.send(HttpRequest.newBuilder(uri).GET());
  }

  @Test
  void readinessWaitsForTheWarmUpWhileThePublicPortServes() throws Exception {
    // A warm-up that cannot end during the test (it is cut by the close).
    GatewayHarness harness = start(RuntimeOptions.MAX_WARM_UP_CONNECTIONS);
    try {
      assertThat(harness.get("/e2e/echo/w1").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = admin(harness, "/readyz");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("\"warmingUp\":true");
    } finally {
      long start = System.nanoTime();
      harness.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closing during a warm-up")
          .isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void readinessFollowsTheEndOfTheWarmUpAndNoMetricCountsIt() throws Exception {
    try (GatewayHarness harness = start(200)) {
      eventually("ready after the warm-up", Duration.ofSeconds(30),
          () -> admin(harness, "/readyz").statusCode() == 200);
      assertThat(admin(harness, "/readyz").body()).contains("\"warmingUp\":false");
      assertThat(admin(harness, "/metrics").body()).as("the warm-up's 404s")
          .doesNotContain("rosetta_http_requests_total{");
      // A request of the public port's own is counted: the assertion above could have failed.
      assertThat(harness.get("/.rosetta/warm-up").statusCode()).isEqualTo(404);
      assertThat(admin(harness, "/metrics").body()).contains("reason=\"no_route\",route=\"unmatched\",status=\"404\"");
    }
  }
}
