package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request read timeout (slowloris) and the idle timeout, with short settings. */
class TimeoutsTest {
  static final Duration READ = Duration.ofMillis(800);
  static final Duration IDLE = Duration.ofMillis(1200);
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withServer(c.server()
        .withLimits(ConnectionLimits.DEFAULTS.withRequestReadTimeout(READ).withIdleTimeout(IDLE))));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void aSlowlorisSendingItsHeadByteByByteIsDroppedWhileOthersAreServed() throws Exception {
    AtomicInteger served = new AtomicInteger();
    Thread others = new Thread(() -> {
      try (RawHttp client = new RawHttp(harness.port())) {
        for (int i = 0; i < 40; i++) {
          client.write("GET /e2e/echo/other HTTP/1.1\r\nHost: h\r\n\r\n");
          if (client.read().status() == 200) {
            served.incrementAndGet();
          }
          Thread.sleep(25);
        }
      } catch (IOException | InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    others.start();
    try (RawHttp slow = new RawHttp(harness.port())) {
      long start = System.nanoTime();
      String head = "GET /e2e/echo/slow HTTP/1.1\r\nHost: h\r\nX-Drip: " + "d".repeat(200) + "\r\n\r\n";
      boolean cut = false;
      for (int i = 0; i < head.length() && !cut; i++) {
        try {
          slow.write(head.substring(i, i + 1));
          Thread.sleep(20); // always faster than the read timeout between two bytes
        } catch (IOException e) {
          cut = true;
        }
        cut |= Duration.ofNanos(System.nanoTime() - start).compareTo(READ.multipliedBy(4)) > 0;
      }
      RawHttp.Response response = slow.read();
      long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(response).as("a 408 before the close").isNotNull();
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body()).contains("\"code\":4").contains("request not received within 800 ms");
      assertThat(slow.closedByServer()).isTrue();
      assertThat(elapsedMs).isBetween(READ.toMillis() - 50, READ.toMillis() + 1500);
    }
    others.join(10_000);
    assertThat(served.get()).isEqualTo(40);
  }

  @Test
  void aSlowBodyIsDroppedToo() throws Exception {
    try (RawHttp slow = new RawHttp(harness.port())) {
      slow.write("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          slow.write(" ");
          Thread.sleep(50);
        } catch (IOException e) {
          closed = true;
        }
        closed |= Duration.ofNanos(System.nanoTime() - start).compareTo(READ.multipliedBy(3)) > 0;
      }
      assertThat(slow.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ.multipliedBy(4));
    }
  }

  /**
   * An {@code Upgrade: h2c} is answered once the client's HTTP/2 preface is read (the JDK client
   * loses frames sent right behind the 101: Http2Streams#upgraded); a client that never sends it
   * gets no answer and is cut off after the read timeout.
   */
  @Test
  void anUpgradeWhoseClientNeverSendsItsPrefaceIsHeldThenCutOffAfterTheReadTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", harness.port())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      socket.getOutputStream().write(("GET /e2e/echo/held HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) != -1; ) { // until the server closes
        received.write(buffer, 0, n);
      }
      Duration open = Duration.ofNanos(System.nanoTime() - start);
      byte[] bytes = received.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 101");
      List<String> frames = new ArrayList<>(); // "type/stream" of each HTTP/2 frame after the 101
      for (int at = text.indexOf("\r\n\r\n") + 4; at + 9 <= bytes.length; ) {
        int length = (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
        int stream = ((bytes[at + 5] & 0x7f) << 24) | (bytes[at + 6] & 0xff) << 16 | (bytes[at + 7] & 0xff) << 8
            | bytes[at + 8] & 0xff;
        frames.add(bytes[at + 3] + "/" + stream);
        at += 9 + length;
      }
      assertThat(frames).as("SETTINGS (type 4) and no answer on stream 1").contains("4/0").doesNotContain("1/1", "0/1");
      assertThat(open).isGreaterThanOrEqualTo(READ).isLessThan(READ.multipliedBy(4));
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      long sent = System.nanoTime();
      client.write("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);
      assertClosedAfterIdleTimeout(client, sent, System.nanoTime());
    }
  }

  @Test
  void theIdleClockRestartsWithEveryRequestAndTheReadClockWithEveryHead() throws Exception {
    // Requests 0.4 s apart for 3.2 s: longer than both timeouts in total, never idle or slow for
    // one of them. The clocks fire meanwhile and must find the time noted by the last request.
    try (RawHttp client = new RawHttp(harness.port())) {
      long sent = 0;
      for (int i = 0; i < 8; i++) {
        Thread.sleep(i == 0 ? 0 : 200);
        client.write("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\n");
        Thread.sleep(200);
        sent = System.nanoTime();
        client.write("\r\n");
        assertThat(client.read().status()).as("request %d", i).isEqualTo(200);
      }
      assertClosedAfterIdleTimeout(client, sent, System.nanoTime());
    }
  }

  /**
   * The server closes {@code client} no sooner than the idle timeout after the last request was
   * sent (its clock starts when it writes the answer, after that), and soon after the timeout
   * counted from when the answer was read.
   */
  private static void assertClosedAfterIdleTimeout(RawHttp client, long sentNanos, long answeredNanos) throws IOException {
    assertThat(client.closedByServer()).isTrue();
    long now = System.nanoTime();
    assertThat(Duration.ofNanos(now - sentNanos).toMillis()).isGreaterThanOrEqualTo(IDLE.toMillis() - 20);
    assertThat(Duration.ofNanos(now - answeredNanos).toMillis()).isLessThan(IDLE.toMillis() + 1500);
  }

  @Test
  void aConnectionThatNeverSendsAByteIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      long start = System.nanoTime();
      assertThat(client.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(IDLE.toMillis() + 1500);
    }
  }

  @Test
  void aBackendCallLongerThanTheIdleTimeoutIsNotCutOff() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write("GET /e2e/sleep/2000 HTTP/1.1\r\nHost: h\r\n\r\n");
      RawHttp.Response response = client.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"count\":2000}");
    }
  }
}
