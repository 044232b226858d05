package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.add;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StderrCapture;
import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.TestEngines;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Binding that fails with anything but a bind error (here, a codec that throws) is the gateway's
 * own fault, answered alike by every exchange kind: the JSON 500 {@code bind_failure}, one WARN
 * line; over WebSocket, the close frame of the same status.
 */
class BindFailureTest {
  static StreamBackend backend;
  static ExchangeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target(), 16 << 20, TestEngines.ThrowingParser::new);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  @ParameterizedTest(name = "{0} {1} ({3})")
  @CsvSource(delimiter = '|', value = {
      "POST | /e2e/echo       | application/json     | UnaryExchange",
      "POST | /stream/count   | application/json     | ServerStreamExchange",
      "POST | /stream/lbl/sum | application/x-ndjson | ClientStreamExchange",
  })
  void everyExchangeKindAnswersTheSameJson500(String method, String uri, String contentType, String kind)
      throws Exception {
    FakeConnection conn = fx.connection();
    RoutedRequest routed = fx.route(method, uri, "Content-Type", contentType);
    try (StderrCapture stderr = new StderrCapture()) {
      fx.run(() -> {
        conn.started(Exchanges.create(routed, conn, OPTIONS));
        add(conn.exchange, "{\"n\":1}\n");
        if (conn.exchange != null) {
          conn.exchange.endOfBody();
        }
      });
      assertThat(stderr.lines()).filteredOn(line -> line.contains(" WARN http - "))
          .singleElement().asString().contains(method + " " + uri + ": binding ", "failed: java.lang.IllegalStateException");
    }
    assertThat(fx.asked(conn)).containsExactly("started " + kind, "fail 500 INTERNAL bind_failure");
    assertThat(fx.output(conn)).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
        .endsWith("\r\n\r\n{\"code\":13,\"message\":\"cannot build the request message\",\"details\":[]}");
    fx.run(conn::close);
  }

  @Test
  void aWebSocketSessionClosesWithTheSameStatus() throws Exception {
    EmbeddedChannel channel = fx.session(fx.route("POST", "/stream/chat"), new Drain());
    fx.write(channel, new TextWebSocketFrame("{\"n\":1}"));
    assertThat(fx.framesUntilClosed(channel)).containsExactly("close 4013 cannot build the request message");
  }
}
