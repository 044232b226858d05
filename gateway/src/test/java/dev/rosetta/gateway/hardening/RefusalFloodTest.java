package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StderrCapture;
import org.junit.jupiter.api.Test;

/**
 * A connection flood is what {@code --max-connections} is for: every connection over the limit is
 * still answered 503, but the WARN line each refusal wrote is rate-limited, so the flood cannot
 * fill the log in turn.
 */
class RefusalFloodTest {
  @Test
  void aFloodOfRefusedConnectionsWritesABoundedNumberOfWarnLines() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(c -> c.withServer(c.server()
            .withLimits(ConnectionLimits.DEFAULTS.withMaxConnections(1))));
        RawHttp holder = new RawHttp(harness.port());
        StderrCapture stderr = new StderrCapture()) {
      holder.write("GET /e2e/echo/hold HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(holder.read().status()).isEqualTo(200);
      for (int i = 0; i < 40; i++) {
        try (RawHttp refused = new RawHttp(harness.port())) {
          refused.write("GET /e2e/echo/flood HTTP/1.1\r\nHost: h\r\n\r\n");
          assertThat(refused.read().status()).isEqualTo(503);
        }
      }
      assertThat(stderr.lines()).filteredOn(line -> line.contains("refused, 1 connections are open (the limit)"))
          .hasSize(10);
    }
  }
}
