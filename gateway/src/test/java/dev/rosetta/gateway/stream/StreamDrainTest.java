package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams in flight during the drain. A WebSocket session open when the gateway starts draining (what SIGTERM runs) is counted like
 * a request in flight: it may go on exchanging messages until the drain timeout, and a session
 * still open then is closed with 1001 (going away), not dropped.
 */
class StreamDrainTest {
  private StreamHarness gw;

  @BeforeEach
  void start() throws Exception {
    gw = StreamHarness.start(c -> c);
  }

  /** Every test drains (and so closes) the gateway itself. */
  @AfterEach
  void stop() throws Exception {
    gw.backend.close();
  }

  /** A bidirectional Chat session: each {"n": k} sent comes back as n = 10k. */
  private final class Chat extends WebSocketRecorder {
    Chat() throws Exception {
      super(gw.client, URI.create("ws://127.0.0.1:" + gw.port() + "/stream/chat"));
    }

    String exchange(int n) throws Exception {
      socket.sendText("{\"n\": " + n + "}", true).join();
      return messages.poll(5, TimeUnit.SECONDS);
    }
  }

  private CompletableFuture<Duration> drain(Duration timeout) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      gw.gateway.drainAndClose(timeout);
      return Duration.ofNanos(System.nanoTime() - start);
    });
  }

  @Test
  void aSessionOpenAtTheSignalFinishesItsExchange() throws Exception {
    Chat chat = new Chat();
    assertThat(chat.exchange(1)).contains("\"10\"");
    CompletableFuture<Duration> drained = drain(Duration.ofSeconds(10));
    // Past the 0.5 s the drain gives idle connections: the session is not idle, it is in flight.
    Thread.sleep(1_000);
    assertThat(drained).isNotDone();
    assertThat(chat.exchange(2)).contains("\"20\"");
    chat.socket.sendText("", true).join(); // end of the request stream: the call completes
    assertThat(chat.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1000 ");
    assertThat(drained.get(5, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aServerStreamInFlightAtTheSignalIsReadToItsEnd() throws Exception {
    // 6 messages 300 ms apart as NDJSON: the stream outlasts the drain's idle grace.
    CompletableFuture<java.net.http.HttpResponse<java.util.stream.Stream<String>>> response = gw.client.sendAsync(
        java.net.http.HttpRequest.newBuilder(gw.uri("/stream/count?count=6&delay_millis=300"))
            .header("Accept", "application/x-ndjson").build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    java.util.Iterator<String> lines = response.get(5, TimeUnit.SECONDS).body().iterator();
    assertThat(lines.next()).contains("\"1\"");
    CompletableFuture<Duration> drained = drain(Duration.ofSeconds(10));
    int rest = 0;
    while (lines.hasNext()) {
      lines.next();
      rest++;
    }
    assertThat(rest).isEqualTo(5);
    assertThat(drained.get(5, TimeUnit.SECONDS)).isBetween(Duration.ofMillis(1_000), Duration.ofSeconds(5));
  }

  @Test
  void aSessionStillOpenAtTheDrainTimeoutIsClosedGoingAway() throws Exception {
    Chat chat = new Chat();
    assertThat(chat.exchange(1)).contains("\"10\"");
    CompletableFuture<Duration> drained = drain(Duration.ofSeconds(1));
    assertThat(chat.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1001 going away");
    assertThat(drained.get(5, TimeUnit.SECONDS)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    // The backend saw its call cancelled, not completed.
    assertThat(gw.backend.outcomes.poll(5, TimeUnit.SECONDS).code()).isEqualTo("CANCELLED");
  }
}
