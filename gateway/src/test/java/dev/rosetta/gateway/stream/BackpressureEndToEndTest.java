package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.StreamHarness;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slow client slows the backend down (gRPC flow control driven by the HTTP channel's
 * writability), and a client that goes away cancels the call at once.
 */
class BackpressureEndToEndTest {
  private static final int PAYLOAD = 64 * 1024;
  private static final int MESSAGES = 16 * 1024; // 1 GiB of payload
  /**
   * How far the backend may run ahead of the client: the gRPC window toward the gateway (4 MiB),
   * Netty's write-buffer high-water mark (64 KiB), one message in hand and the loopback socket
   * buffers. 16 MiB, against the 1 GiB stream.
   */
  private static final long MAX_LEAD_BYTES = 16L << 20;
  /** Heap the transfer may hold after a GC, over what it held before: the same order as the lead. */
  private static final long MAX_HEAP_GROWTH = 64L << 20;

  private static StreamHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private Socket request(String path) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(64 * 1024); // a small window: the gateway's writes stall quickly
    socket.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5_000);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: application/x-ndjson\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void gibibyteStreamToASlowReaderKeepsTheBackendAndTheHeapBounded() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    long sentBefore = gw.backend.sentMessages.get();
    long messageBytes = PAYLOAD + 24; // {"n":"12345","payload":"..."}\n, about
    long maxLead = 0;
    long maxHeapGrowth = 0;
    try (Socket socket = request("/stream/count?count=" + MESSAGES + "&payloadBytes=" + PAYLOAD)) {
      InputStream in = socket.getInputStream();
      // The client stalls for a second: the backend must stall too, not fill the gateway.
      Thread.sleep(1_000);
      long stalledLead = (gw.backend.sentMessages.get() - sentBefore) * messageBytes;
      assertThat(stalledLead).as("bytes the backend sent while the client read nothing").isLessThan(MAX_LEAD_BYTES);
      byte[] buffer = new byte[256 * 1024];
      long read = 0;
      long nextSample = 0;
      String tail = "";
      long started = System.nanoTime();
      while (true) {
        int n = in.read(buffer);
        assertThat(n).as("stream ended early after %d bytes", read).isPositive();
        read += n;
        tail = tail + new String(buffer, Math.max(0, n - 64), Math.min(n, 64), StandardCharsets.US_ASCII);
        tail = tail.substring(Math.max(0, tail.length() - 64));
        if (tail.endsWith("\r\n\r\n") && tail.contains("\r\n0\r\n")) {
          break; // the last chunk of the chunked response, and its trailer section
        }
        if (read >= nextSample) {
          // Bursts: a pause every 64 MiB, with a look at how far ahead the backend is.
          nextSample += 64L << 20;
          long lead = (gw.backend.sentMessages.get() - sentBefore) * messageBytes - read;
          maxLead = Math.max(maxLead, lead);
          System.gc();
          maxHeapGrowth = Math.max(maxHeapGrowth, memory.getHeapMemoryUsage().getUsed() - heapBefore);
          Thread.sleep(20);
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf("1 GiB stream: %d bytes in %s; max backend lead %d KiB, max heap growth %d KiB%n",
          read, took, maxLead >> 10, maxHeapGrowth >> 10);
      assertThat(read).isGreaterThan((long) MESSAGES * PAYLOAD);
      assertThat(maxLead).isLessThan(MAX_LEAD_BYTES);
      assertThat(maxHeapGrowth).isLessThan(MAX_HEAP_GROWTH);
    }
    assertThat(gw.backend.outcomes.poll(5, TimeUnit.SECONDS).code()).isEqualTo("OK");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void clientDisconnectIsSeenAsCancelledByTheBackendWithinASecond() throws Exception {
    gw.backend.outcomes.clear();
    long closedAt;
    try (Socket socket = request("/stream/count?count=1000000&payloadBytes=1024")) {
      byte[] some = new byte[4096];
      assertThat(socket.getInputStream().read(some)).isPositive();
      closedAt = System.nanoTime();
    }
    StreamBackend.Outcome outcome = gw.backend.outcomes.poll(5, TimeUnit.SECONDS);
    assertThat(outcome).isNotNull();
    assertThat(outcome.code()).isEqualTo("CANCELLED");
    assertThat(Duration.ofNanos(outcome.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(1));
  }
}
