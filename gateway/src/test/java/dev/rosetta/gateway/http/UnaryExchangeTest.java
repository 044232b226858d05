package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.add;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.EchoBackend;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unary exchange on a fake connection, against a real gRPC backend on loopback. */
class UnaryExchangeTest {
  static EchoBackend backend;
  static ExchangeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    backend = EchoBackend.start();
    fx = ExchangeFixture.start(backend.target(), 256, codec -> codec);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  /** Starts the exchange of {@code routed} on {@code conn} and hands it {@code chunks} as the body. */
  static void send(FakeConnection conn, RoutedRequest routed, String... chunks) throws Exception {
    fx.run(() -> {
      conn.started(Exchanges.create(routed, conn, OPTIONS));
      for (String chunk : chunks) {
        assertThat(add(conn.exchange, chunk)).isTrue();
      }
      conn.exchange.endOfBody();
    });
  }

  @Test
  void theBodyIsBoundAndSentAndTheOneAnswerComesBackAsJsonWithTheCallsMetadata() throws Exception {
    FakeConnection conn = fx.connection();
    send(conn, fx.route("POST", "/e2e/echo"), "{\"id\":", "\"a1\"}");
    fx.until(conn, "respond 200 OK");
    assertThat(fx.asked(conn)).containsExactly("started UnaryExchange", "backend OK", "respond 200 OK");
    assertThat(fx.output(conn))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Grpc-Metadata-x-resp-header: from-backend\r\n", "Grpc-Trailer-x-resp-trailer: done\r\n")
        .endsWith("\r\n\r\n{\"id\":\"a1\"}");
    fx.run(conn::close);
  }

  @Test
  void withTeTrailersTheTrailerMetadataGoesToTheConnectionAsTrailerFieldsAnnouncedInTheHead() throws Exception {
    FakeConnection conn = fx.connection();
    send(conn, fx.route("POST", "/e2e/echo", "TE", "trailers"), "{\"id\":\"a1\"}");
    fx.until(conn, "respond 200 OK");
    assertThat(fx.onLoop(() -> conn.trailers.get("Grpc-Trailer-x-resp-trailer"))).isEqualTo("done");
    assertThat(fx.output(conn))
        .contains("Grpc-Metadata-x-resp-header: from-backend\r\n", "trailer: Grpc-Trailer-x-resp-trailer\r\n")
        .doesNotContain("Grpc-Trailer-x-resp-trailer: done");
    fx.run(conn::close);
  }

  @Test
  void aBackendStatusIsAnsweredAsItsJsonStatusWithTheMappedHttpStatusAndNoReason() throws Exception {
    FakeConnection conn = fx.connection();
    send(conn, fx.route("POST", "/e2e/fail"), "{\"code\":5,\"message\":\"gone\"}");
    fx.until(conn, "respond 404 NOT_FOUND");
    assertThat(fx.asked(conn)).containsExactly("started UnaryExchange", "backend NOT_FOUND", "respond 404 NOT_FOUND");
    assertThat(fx.output(conn)).contains("Grpc-Trailer-x-resp-trailer: failed\r\n")
        .endsWith("{\"code\":5,\"message\":\"gone\",\"details\":[]}");
    fx.run(conn::close);
  }

  @Test
  void aBodyPastTheLimitIsRefusedAtTheChunkThatPassesIt() throws Exception {
    FakeConnection conn = fx.connection();
    boolean[] taken = fx.onLoop(() -> {
      Exchange exchange = Exchanges.create(fx.route("POST", "/e2e/echo"), conn, OPTIONS);
      boolean first = add(exchange, "x".repeat(1000));
      boolean second = add(exchange, "x".repeat(25));
      exchange.releaseBody();
      return new boolean[] {first, second};
    });
    assertThat(taken).containsExactly(true, false);
    fx.run(conn::close);
  }

  @Test
  void aRequestMessagePastTheBackendsLimitIs413BeforeAnyCallStarts() throws Exception {
    FakeConnection conn = fx.connection();
    send(conn, fx.route("POST", "/e2e/echo"), "{\"id\":\"" + "x".repeat(300) + "\"}");
    assertThat(fx.asked(conn)).containsExactly("started UnaryExchange", "fail 413 RESOURCE_EXHAUSTED message_too_large");
    assertThat(fx.output(conn)).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
        .endsWith("{\"code\":8,\"message\":\"the request message is 303 bytes, more than the backend message limit of"
            + " 256 bytes\",\"details\":[]}");
    fx.run(conn::close);
  }

  @Test
  void aServiceNoBackendServesIs501() throws Exception {
    FakeConnection conn = fx.connection();
    send(conn, fx.route(fx.noBackends, "GET", "/e2e/echo/1"));
    assertThat(fx.asked(conn)).containsExactly("started UnaryExchange", "fail 501 UNIMPLEMENTED no_backend");
    assertThat(fx.output(conn)).contains("no backend serves rosetta.test.e2e.v1.EchoService");
    fx.run(conn::close);
  }

  @Test
  void abortingCancelsTheBackendCall() throws Exception {
    backend.sleepOutcomes.clear();
    FakeConnection conn = fx.connection();
    send(conn, fx.route("GET", "/e2e/sleep/10000"));
    assertThat(backend.sleeping.poll(10, TimeUnit.SECONDS)).as("the backend has the call").isEqualTo(10000);
    fx.run(() -> conn.exchange.abort());
    assertThat(backend.sleepOutcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
    assertThat(fx.asked(conn)).containsExactly("started UnaryExchange");
    fx.run(conn::close);
  }
}
