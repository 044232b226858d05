package dev.rosetta.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.testing.GatewayHarness;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A backend without grpc.health.v1 is normal: it is said once, at INFO, with what it means,
 * instead of grpc-java's SEVERE per address and channel.
 */
class HealthCheckNoticeTest {
  private static final String NOTICE = "does not serve grpc.health.v1";

  @Test
  void aBackendWithoutTheHealthServiceIsReportedOnceAtInfoAndNeverAsSevere() throws Exception {
    Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    try (StderrCapture err = new StderrCapture()) {
      GatewayConfig config = GatewayHarness.onLoopback(
          GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), "127.0.0.1:" + bare.getPort()));
      try (Gateway gateway = Gateway.start(config)) {
        // Channels connect, and start checking health, with the first call (the bare server answers it 501).
        HttpResponse<String> call = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/e2e/echo/x")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).isEqualTo(501);
        List<String> lines = err.awaitLine(l -> l.contains(NOTICE), Duration.ofSeconds(10));
        assertThat(lines).filteredOn(l -> l.contains(NOTICE)).singleElement().asString()
            .contains(" INFO ").contains("127.0.0.1:" + bare.getPort()).contains("UNIMPLEMENTED")
            .contains("health-check: false");
      }
      assertThat(err.lines()).noneMatch(l -> l.contains("SEVERE") || l.contains("Health-check with"))
          .filteredOn(l -> l.contains(NOTICE)).hasSize(1);
    } finally {
      bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBackendServingHealthIsNotReported() throws Exception {
    try (StderrCapture err = new StderrCapture(); GatewayHarness harness = GatewayHarness.start()) {
      assertThat(harness.get("/e2e/echo/x").statusCode()).isEqualTo(200);
      assertThat(err.lines()).noneMatch(l -> l.contains(NOTICE) || l.contains("Health-check with"));
    }
  }
}
