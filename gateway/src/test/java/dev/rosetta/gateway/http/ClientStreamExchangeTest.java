package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.add;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamBackend;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client-streaming (and bidirectional) exchange on a fake connection, against a real gRPC backend. */
class ClientStreamExchangeTest {
  static final String NDJSON = "application/x-ndjson";
  static StreamBackend backend;
  static ExchangeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target(), 256, codec -> codec);
    // One call first, so that the backend channel is connected: a call cancelled while it waits
    // for the connection never reaches the backend, and the tests watch the backend see it.
    FakeConnection conn = upload("/stream/lbl/sum", NDJSON);
    end(conn);
    fx.until(conn, "respond 200 OK");
    fx.run(conn::close);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  /** Starts an upload on a new connection; chunks follow with {@link #send}. */
  private static FakeConnection upload(String uri, String contentType) throws Exception {
    FakeConnection conn = fx.connection();
    RoutedRequest routed = fx.route("POST", uri, "Content-Type", contentType);
    fx.run(() -> conn.started(Exchanges.create(routed, conn, OPTIONS)));
    return conn;
  }

  private static void send(FakeConnection conn, String chunk) throws Exception {
    fx.run(() -> add(conn.exchange, chunk));
  }

  private static void end(FakeConnection conn) throws Exception {
    fx.run(() -> conn.exchange.endOfBody());
  }

  @Test
  void anNdjsonUploadGoesOutMessageByMessageAndIsAnsweredOnce() throws Exception {
    FakeConnection conn = upload("/stream/lbl/sum", NDJSON);
    send(conn, "{\"n\":1}\n{\"n\"");
    send(conn, ":2}\n");
    end(conn);
    fx.until(conn, "respond 200 OK");
    assertThat(fx.asked(conn)).containsExactly("started ClientStreamExchange", "backend OK", "respond 200 OK");
    assertThat(fx.output(conn)).endsWith("{\"sum\":\"3\",\"count\":\"2\",\"label\":\"lbl\"}");
    fx.run(conn::close);
  }

  @Test
  void aJsonArrayUploadIsCutIntoTheSameMessages() throws Exception {
    FakeConnection conn = upload("/stream/lbl/sum", "application/json");
    send(conn, "[{\"n\":4},");
    send(conn, "{\"n\":5}]");
    end(conn);
    fx.until(conn, "respond 200 OK");
    assertThat(fx.output(conn)).endsWith("{\"sum\":\"9\",\"count\":\"2\",\"label\":\"lbl\"}");
    fx.run(conn::close);
  }

  @Test
  void aMessageThatDoesNotBindCancelsTheCallAndIsAnswered400() throws Exception {
    backend.outcomes.clear();
    FakeConnection conn = upload("/stream/lbl/sum", NDJSON);
    send(conn, "{\"n\":1}\n{\"n\":\"many\"}\n");
    assertThat(fx.asked(conn)).containsExactly("started ClientStreamExchange", "fail 400 INVALID_ARGUMENT bad_request");
    assertThat(backend.outcomes.poll(10, TimeUnit.SECONDS).code()).isEqualTo("CANCELLED");
    fx.run(conn::close);
  }

  @Test
  void aMessagePastTheBackendsLimitCancelsTheCallAndIsAnswered413() throws Exception {
    backend.outcomes.clear();
    // The path variable is bound into every message: each is larger than the 256-byte limit.
    FakeConnection conn = upload("/stream/" + "x".repeat(300) + "/sum", NDJSON);
    send(conn, "{\"n\":1}\n");
    assertThat(fx.asked(conn)).containsExactly(
        "started ClientStreamExchange", "fail 413 RESOURCE_EXHAUSTED message_too_large");
    assertThat(fx.output(conn)).contains("more than the backend message limit of 256 bytes");
    assertThat(backend.outcomes.poll(10, TimeUnit.SECONDS).code()).isEqualTo("CANCELLED");
    fx.run(conn::close);
  }

  @Test
  void aServiceNoBackendServesIs501BeforeAnyBodyIsRead() throws Exception {
    FakeConnection conn = fx.connection();
    RoutedRequest routed = fx.route(fx.noBackends, "POST", "/stream/lbl/sum", "Content-Type", NDJSON);
    fx.run(() -> conn.started(Exchanges.create(routed, conn, OPTIONS)));
    assertThat(fx.asked(conn)).containsExactly("started ClientStreamExchange", "fail 501 UNIMPLEMENTED no_backend");
    fx.run(conn::close);
  }

  @Test
  void aBidirectionalCallAnswersWhileTheUploadIsStillGoing() throws Exception {
    FakeConnection conn = upload("/stream/chat", NDJSON);
    send(conn, "{\"n\":1}\n");
    fx.until(conn, "chunk");
    assertThat(fx.asked(conn)).containsExactly("started ClientStreamExchange", "begin", "chunk");
    send(conn, "{\"n\":2}\n");
    end(conn);
    fx.until(conn, "end OK");
    assertThat(fx.output(conn)).endsWith("[{\"n\":\"10\"},{\"n\":\"20\"}]");
    fx.run(conn::close);
  }

  @Test
  void aRefusedMessageOfABidirectionalCallAfterTheHeadIsWrittenIntoTheStream() throws Exception {
    FakeConnection conn = upload("/stream/chat", NDJSON);
    send(conn, "{\"n\":1}\n");
    fx.until(conn, "chunk");
    send(conn, "{\"n\":\"many\"}\n");
    assertThat(fx.asked(conn)).containsExactly(
        "started ClientStreamExchange", "begin", "chunk", "end INVALID_ARGUMENT bad_request");
    assertThat(fx.output(conn)).contains("[{\"n\":\"10\"},{\"error\":{\"code\":3,");
    fx.run(conn::close);
  }
}
