package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.add;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.StderrCapture;
import dev.rosetta.gateway.testing.TestEngines;
import org.junit.jupiter.api.Test;

/**
 * A client that has found a way to trip a gateway fault (here, a codec that throws on every body)
 * and repeats it: every request is still answered 500, but the WARN log takes only its share.
 */
class FaultFloodTest {
  @Test
  void aFloodOfFaultsWritesABoundedNumberOfWarnLines() throws Exception {
    try (EchoBackend backend = EchoBackend.start();
        ExchangeFixture fx = ExchangeFixture.start(backend.target(), 1 << 20, TestEngines.ThrowingParser::new);
        StderrCapture stderr = new StderrCapture()) {
      for (int i = 0; i < 50; i++) {
        FakeConnection conn = fx.connection();
        RoutedRequest routed = fx.route("POST", "/e2e/echo", "Content-Type", "application/json");
        fx.run(() -> {
          conn.started(Exchanges.create(routed, conn, OPTIONS));
          add(conn.exchange, "{\"id\":\"x\"}");
          conn.exchange.endOfBody();
        });
        assertThat(fx.asked(conn)).containsExactly("started UnaryExchange", "fail 500 INTERNAL bind_failure");
        fx.run(conn::close);
      }
      assertThat(stderr.lines()).filteredOn(line -> line.contains(" WARN http - POST /e2e/echo: binding "))
          .hasSize(ExchangeLog.FAULTS_PER_INTERVAL);
    }
  }
}
