package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The gRPC message limit follows a larger body limit: a body the front end accepts reaches the
 * backend. (Before, a 2 MiB message over a 1 MiB outbound limit left the call hanging.)
 */
class OutboundLimitEndToEndTest {
  @Test
  void messageLimitFollowsALargerBodyLimit() throws Exception {
    try (GatewayHarness gw = GatewayHarness.start(c -> c.withBackendOptions(new BackendOptions(1 << 20, 4 << 20))
        .withServer(c.server().withMaxBodyBytes(8 << 20)))) {
      String body = "{\"id\":\"" + "x".repeat(2 << 20) + "\"}";
      HttpResponse<String> response = gw.client.send(HttpRequest.newBuilder(gw.uri("/e2e/echo"))
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).hasSize(body.length());
    }
  }
}
