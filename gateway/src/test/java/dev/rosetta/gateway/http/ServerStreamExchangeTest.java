package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.StreamBackend;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server-streaming exchange on a fake connection, against a real gRPC backend on loopback. */
class ServerStreamExchangeTest {
  static StreamBackend backend;
  static ExchangeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target());
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  private static FakeConnection get(String uri, String... headers) throws Exception {
    FakeConnection conn = fx.connection();
    RoutedRequest routed = fx.route("GET", uri, headers);
    fx.run(() -> {
      conn.started(Exchanges.create(routed, conn, OPTIONS));
      conn.exchange.endOfBody();
    });
    return conn;
  }

  @Test
  void eachMessageIsOneFlushedChunkAndTheStreamEndsWithTheCallsTrailers() throws Exception {
    FakeConnection conn = get("/stream/count?count=3");
    fx.until(conn, "end OK");
    assertThat(fx.asked(conn)).containsExactly(
        "started ServerStreamExchange", "begin", "chunk", "chunk", "chunk", "backend OK", "end OK");
    assertThat(fx.output(conn)).startsWith("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
        .endsWith("\r\n\r\n[{\"n\":\"1\"},{\"n\":\"2\"},{\"n\":\"3\"}]");
    fx.run(conn::close);
  }

  @Test
  void theFramingFollowsAccept() throws Exception {
    FakeConnection conn = get("/stream/count?count=2", "Accept", "text/event-stream");
    fx.until(conn, "end OK");
    assertThat(fx.output(conn)).contains("content-type: text/event-stream\r\n", "cache-control: no-cache\r\n")
        .endsWith("data: {\"n\":\"1\"}\n\ndata: {\"n\":\"2\"}\n\n");
    fx.run(conn::close);
  }

  @Test
  void anErrorBeforeTheFirstMessageGetsItsOwnHttpStatus() throws Exception {
    FakeConnection conn = get("/stream/count?count=3&failAfter=0&failCode=14");
    fx.until(conn, "respond 503 UNAVAILABLE");
    assertThat(fx.asked(conn)).containsExactly(
        "started ServerStreamExchange", "backend UNAVAILABLE", "respond 503 UNAVAILABLE");
    assertThat(fx.output(conn)).endsWith("{\"code\":14,\"message\":\"failed after 0\",\"details\":[]}");
    fx.run(conn::close);
  }

  @Test
  void anErrorAfterMessagesIsWrittenIntoTheStream() throws Exception {
    FakeConnection conn = get("/stream/count?count=5&failAfter=2&failCode=9");
    fx.until(conn, "end FAILED_PRECONDITION");
    assertThat(fx.output(conn)).endsWith(
        "[{\"n\":\"1\"},{\"n\":\"2\"},{\"error\":{\"code\":9,\"message\":\"failed after 2\",\"details\":[]}}]");
    fx.run(conn::close);
  }

  @Test
  void aRawDownloadEndedByAnErrorIsCutShortNotCompleted() throws Exception {
    FakeConnection conn = get("/stream/download?count=3&failAfter=1&failCode=13");
    fx.until(conn, "cut INTERNAL");
    assertThat(fx.asked(conn)).containsExactly(
        "started ServerStreamExchange", "begin", "chunk", "backend INTERNAL", "cut INTERNAL");
    assertThat(fx.output(conn)).contains("content-type: text/plain\r\n").endsWith("\r\n\r\nchunk 1\n");
    fx.run(conn::close);
  }

  @Test
  void theNextMessageIsAskedForOnlyWhileTheConnectionIsWritable() throws Exception {
    backend.outcomes.clear();
    FakeConnection conn = fx.connection();
    RoutedRequest routed = fx.route("GET", "/stream/count?count=3");
    fx.run(() -> {
      conn.writable = false;
      conn.started(Exchanges.create(routed, conn, OPTIONS));
      conn.exchange.endOfBody();
    });
    fx.until(conn, "chunk");
    // The backend sends all three into gRPC's window and ends; the gateway still holds back.
    assertThat(backend.outcomes.poll(10, TimeUnit.SECONDS).code()).isEqualTo("OK");
    for (int i = 0; i < 20; i++) {
      assertThat(Collections.frequency(fx.asked(conn), "chunk")).isEqualTo(1);
    }
    fx.run(() -> {
      conn.writable = true;
      conn.exchange.writabilityChanged();
    });
    fx.until(conn, "end OK");
    Eventually.eventually("three chunks", ExchangeFixture.WAIT,
        () -> Collections.frequency(fx.asked(conn), "chunk") == 3);
    fx.run(conn::close);
  }
}
