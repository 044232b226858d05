package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streaming RPCs over WebSocket on their routes, with java.net.http's WebSocket client. */
class WebSocketEndToEndTest {
  private static StreamHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  /** A WebSocket client on {@code path} of the gateway. */
  private static WebSocketRecorder client(String path) throws Exception {
    return new WebSocketRecorder(gw.client, URI.create("ws://127.0.0.1:" + gw.port() + path));
  }

  @Test
  void bidirectionalCallAnswersEachFrameAsItComesAndClosesNormallyAfterAnEmptyFrame() throws Exception {
    WebSocketRecorder chat = client("/stream/chat");
    assertThat(chat.send("{\"n\":1}").next()).isEqualTo("{\"n\":\"10\"}");
    assertThat(chat.send("{\"n\":2}").next()).isEqualTo("{\"n\":\"20\"}");
    assertThat(chat.send("").rest()).isEqualTo(" | 1000 ");
  }

  @Test
  void messageSplitIntoContinuationFramesIsAssembledIntoOne() throws Exception {
    WebSocketRecorder chat = client("/stream/chat");
    chat.socket.sendText("{\"n\"", false).join();
    chat.socket.sendText(":3}", true).join();
    assertThat(chat.next()).isEqualTo("{\"n\":\"30\"}");
    chat.send("");
    assertThat(chat.rest()).isEqualTo(" | 1000 ");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/stream/count?count=3                       | {\"n\":\"1\"},{\"n\":\"2\"},{\"n\":\"3\"} | 1000 ",
      "/stream/count?count=0                       | ''                                      | 1000 ",
      "/stream/count?count=5&failAfter=2&failCode=9 | {\"n\":\"1\"},{\"n\":\"2\"}              | 4009 failed after 2",
      "/stream/count?count=1&failAfter=0&failCode=5 | ''                                      | 4005 failed after 0",
      "/stream/count?count=nope                    | ''                                      | 4003 ",
  })
  void serverStreamingCallTakesItsRequestFromTheUrlAndEndsWithItsStatusAsCloseCode(
      String path, String messages, String close) throws Exception {
    String got = client(path).rest();
    assertThat(got).startsWith(messages + " | " + close);
  }

  @Test
  void clientStreamingCallSendsItsOneResponseAfterTheEmptyFrame() throws Exception {
    WebSocketRecorder sum = client("/stream/shelf/sum");
    sum.send("{\"n\":1}").send("{\"n\":2}").send("{\"n\":3}").send("");
    assertThat(sum.rest()).isEqualTo("{\"sum\":\"6\",\"count\":\"3\",\"label\":\"shelf\"} | 1000 ");
  }

  @Test
  void malformedMessageClosesWithInvalidArgumentAndCancelsTheCall() throws Exception {
    gw.backend.outcomes.clear();
    WebSocketRecorder chat = client("/stream/chat");
    chat.send("{\"nope\":1}");
    assertThat(chat.rest()).startsWith(" | 4003 ").contains("nope");
    StreamBackend.Outcome outcome = gw.backend.outcomes.poll(5, TimeUnit.SECONDS);
    assertThat(outcome).isNotNull();
    assertThat(outcome.code()).isEqualTo("CANCELLED");
  }

  @Test
  void clientCloseCancelsTheCallWithinASecond() throws Exception {
    gw.backend.outcomes.clear();
    WebSocketRecorder chat = client("/stream/chat");
    assertThat(chat.send("{\"n\":1}").next()).isEqualTo("{\"n\":\"10\"}");
    long closedAt = System.nanoTime();
    chat.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    StreamBackend.Outcome outcome = gw.backend.outcomes.poll(5, TimeUnit.SECONDS);
    assertThat(outcome).isNotNull();
    assertThat(outcome.code()).isEqualTo("CANCELLED");
    assertThat(TimeUnit.NANOSECONDS.toMillis(outcome.nanoTime() - closedAt)).isLessThan(1000);
    assertThat(chat.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"/nowhere, 404", "/stream/echo, 400"})
  void upgradeOnAPathWithoutStreamingRouteIsRefusedWithAnHttpError(String path, int status) throws Exception {
    CompletableFuture<WebSocket> attempt = gw.client.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + gw.port() + path), new WebSocket.Listener() {});
    assertThat(attempt).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
        .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(status));
  }

  @Test
  void clientThatStopsReadingHoldsTheBackendBackAndItsCloseCancelsTheStream() throws Exception {
    gw.backend.outcomes.clear();
    long before = gw.backend.sentMessages.get();
    BlockingQueue<CharSequence> got = new LinkedBlockingQueue<>();
    // 64 KiB messages, up to 1.25 GiB of them, to a client that asks for one message only.
    WebSocket socket = gw.client.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + gw.port() + "/stream/count?count=20000&payloadBytes=65536"),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            got.add(data);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isNotNull();
    Thread.sleep(1000);
    long ahead = gw.backend.sentMessages.get() - before;
    // Socket buffers + Netty's 64 KiB write buffer + the 4 MiB gRPC window: far below 16 MiB.
    assertThat(ahead * 65536).as("bytes the backend sent").isLessThan(16L << 20);
    socket.abort();
    StreamBackend.Outcome outcome = gw.backend.outcomes.poll(5, TimeUnit.SECONDS);
    assertThat(outcome).isNotNull();
    assertThat(outcome.code()).isEqualTo("CANCELLED");
  }
}
