package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dns:/// target resolved by the system resolver: "localhost" may give ::1 as well as
 * 127.0.0.1, and the backend listens on 127.0.0.1 only, so requests must still all succeed (the
 * address that refuses connections gets none).
 */
class DnsTargetEndToEndTest {
  @Test
  void aDnsTargetNamingLocalhostServesEveryRequest() throws Exception {
    try (EchoBackend backend = EchoBackend.startReplica("local", 0, b -> b)) {
      GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()),
          "dns:///localhost:" + backend.port());
      try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config));
          RawHttp http = new RawHttp(gateway.address().getPort())) {
        assertThat(Replicas.spread(http, 50)).isEqualTo(java.util.Map.of("local", 50));
      }
    }
  }
}
