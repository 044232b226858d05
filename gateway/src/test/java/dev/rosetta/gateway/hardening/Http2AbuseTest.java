package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.http.ProtocolOptions;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.StreamHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 abuse, each attack a raw-frame client (Netty's frame writer, {@link RawHttp2}): the
 * attacker is cut off (GOAWAY) or its stream reset, another client is served meanwhile, nothing
 * stays in flight, no buffer leaks (the leak detector, PARANOID) and the allocator's direct memory
 * stays bounded during the attack.
 */
class Http2AbuseTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  /** Direct memory an attack may make the gateway's allocator hold at its peak, over its level before. */
  private static final long MAX_DIRECT_GROWTH = 32L << 20;

  static StreamHarness gw;
  static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private MemoryWatch watch;
  private long directBefore;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> c
        .withServer(c.server()
            .withLimits(ConnectionLimits.DEFAULTS.withRequestReadTimeout(Duration.ofMillis(500)))
            .withProtocols(ProtocolOptions.DEFAULTS.withHttp2(ProtocolOptions.Http2.DEFAULTS
                .withMaxConcurrentStreams(8).withSendTimeout(Duration.ofMillis(500)))))
        .withOperations(OperationsOptions.defaults().withAdminPort(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  @BeforeEach
  void watch() {
    directBefore = MemoryWatch.directInUse();
    watch = MemoryWatch.start();
  }

  /** After every attack: served meanwhile, nothing left in flight, memory bounded. */
  @AfterEach
  void settled() throws Exception {
    assertThat(stillServes()).isEqualTo("{\"n\":\"1\"}\n{\"n\":\"2\"}\n");
    eventually("no exchange left in flight", WAIT, () -> inFlight() == 0);
    MemoryWatch.Peak peak = watch.stop();
    assertThat(peak.directBytes() - directBefore).as("direct memory growth at the peak").isLessThan(MAX_DIRECT_GROWTH);
  }

  /** A polite client on a connection of its own, over HTTP/2, and over HTTP/1.1. */
  private static String stillServes() throws Exception {
    try (RawHttp2 polite = RawHttp2.connect(gw.port())) {
      polite.headers(1, RawHttp2.request("GET", "/stream/count?count=2").add("accept", "application/x-ndjson"), true);
      List<RawHttp2.Frame> frames = polite.awaitStream(1, WAIT);
      HttpResponse<String> http11 = client.send(HttpRequest.newBuilder(gw.uri("/stream/count?count=2"))
          .header("Accept", "application/x-ndjson").timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(http11.body()).isEqualTo(RawHttp2.body(frames));
      return RawHttp2.body(frames);
    }
  }

  private static int inFlight() throws Exception {
    String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gw.gateway.adminAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^rosetta_http_requests_in_flight ([0-9.]+)$").matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
  }

  private static Http2Headers slowStream() {
    return RawHttp2.request("GET", "/stream/count?count=100&delayMillis=1000").add("accept", "application/x-ndjson");
  }

  @Test
  void aClientOpeningAndCancellingStreamsInALoopIsCutOff() throws Exception {
    int callsBefore = gw.backend.requestIds.size();
    try (RawHttp2 attacker = RawHttp2.connect(gw.port())) {
      // 250 streams, each opened and cancelled, in one write: past the limit of 200 resets, and all
      // read by the gateway before it closes (a reset for unread bytes could overtake the GOAWAY).
      attacker.batch(() -> {
        for (int stream = 1; stream < 500; stream += 2) {
          attacker.openAndCancelInBatch(stream, slowStream());
        }
      });
      RawHttp2.Frame goAway = attacker.awaitGoAway(WAIT);
      assertThat(goAway).as("GOAWAY").isNotNull();
      assertThat(goAway.code()).as("ENHANCE_YOUR_CALM").isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
      assertThat(attacker.awaitClosed(WAIT)).isTrue();
      // The gateway took no stream past the 201st reset.
      eventually("the attack's exchanges ended", WAIT, () -> inFlight() == 0);
      assertThat(gw.backend.requestIds.size() - callsBefore).as("backend calls the attack started").isLessThanOrEqualTo(201);
    }
  }

  @Test
  void aFloodOfSmallContinuationFramesIsCutOff() throws Exception {
    try (RawHttp2 attacker = RawHttp2.connect(gw.port())) {
      ByteBuf block = headerBlock(slowStream());
      attacker.frame(Http2FrameTypes.HEADERS, 1, new Http2Flags().endOfStream(true), block.readRetainedSlice(4));
      // Empty CONTINUATION frames: they add nothing to the header list, only work. A few past the
      // limit of 16, no more: the gateway must have read them all when it closes, or the kernel
      // answers the rest with a reset that can overtake the GOAWAY.
      attacker.batch(() -> {
        for (int i = 0; i < 20; i++) {
          attacker.frameInBatch(Http2FrameTypes.CONTINUATION, 1, new Http2Flags(), Unpooled.EMPTY_BUFFER);
        }
      });
      block.release();
      assertThat(attacker.awaitGoAway(WAIT)).as("GOAWAY").isNotNull();
      assertThat(attacker.awaitClosed(WAIT)).isTrue();
    }
  }

  @Test
  void aHeaderBlockGrowingPastTheLimitInContinuationFramesIsCutOff() throws Exception {
    try (RawHttp2 attacker = RawHttp2.connect(gw.port())) {
      ByteBuf block = headerBlock(slowStream().add("x-big", "b".repeat(60_000)));
      // 30 KB of a 60 KB block: past the limit (16 KiB) by more than a quarter, and no more.
      attacker.frame(Http2FrameTypes.HEADERS, 1, new Http2Flags().endOfStream(true), block.readRetainedSlice(10_000));
      attacker.frame(Http2FrameTypes.CONTINUATION, 1, new Http2Flags(), block.readRetainedSlice(10_000));
      attacker.frame(Http2FrameTypes.CONTINUATION, 1, new Http2Flags(), block.readRetainedSlice(10_000));
      block.release();
      RawHttp2.Frame goAway = attacker.awaitGoAway(WAIT);
      assertThat(goAway).as("GOAWAY before the block ends").isNotNull();
      assertThat(attacker.awaitClosed(WAIT)).isTrue();
    }
  }

  @Test
  void aHeaderListOverTheLimitIs431WithTheJsonStatusAndTheConnectionGoesOn() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=1").add("x-big", "b".repeat(18_000)), true);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).status()).isEqualTo("431");
      assertThat(RawHttp2.body(frames))
          .isEqualTo("{\"code\":3,\"message\":\"request headers are larger than the limit of 16384 bytes\",\"details\":[]}");
      h2.headers(3, RawHttp2.request("GET", "/stream/count?count=1").add("accept", "application/x-ndjson"), true);
      assertThat(RawHttp2.body(h2.awaitStream(3, WAIT))).isEqualTo("{\"n\":\"1\"}\n");
    }
  }

  /**
   * The 431's body is DATA, which waits for the client's window like any other; with the window
   * closed it is dropped with the stream's reset, not held until the connection closes (the leak
   * detector would report the body otherwise).
   */
  @Test
  void aHeaderListOverTheLimitOnAClosedWindowGets431HeadersAndTheBodyIsDropped() throws Exception {
    Http2Settings noWindow = new Http2Settings().initialWindowSize(0);
    try (RawHttp2 h2 = RawHttp2.connect(gw.port(), RawHttp2.Options.polite().withSettings(noWindow).withWindowsClosed())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=1").add("x-big", "b".repeat(18_000)), true);
      RawHttp2.Frame head = h2.await(f -> f.type().equals("HEADERS") && f.streamId() == 1, WAIT);
      assertThat(head.status()).isEqualTo("431");
      RawHttp2.Frame reset = h2.await(f -> f.type().equals("RST_STREAM") && f.streamId() == 1, WAIT);
      assertThat(Http2Error.valueOf(reset.code())).isEqualTo(Http2Error.NO_ERROR);
      h2.ping(9);
      assertThat(h2.await(f -> f.type().equals("PING_ACK") && f.code() == 9, WAIT)).as("the connection goes on").isNotNull();
      assertThat(h2.dataBytes.get()).as("no DATA past a zero window").isZero();
    }
  }

  @Test
  void aPingFloodIntoAConnectionThatReadsNothingIsCutOff() throws Exception {
    // The attacker never reads: the acks pile up in the gateway once the socket buffers are full.
    try (RawHttp2 attacker = RawHttp2.connect(gw.port(), RawHttp2.Options.polite().deaf(4096))) {
      // The acks fill the socket buffers (up to 4 MiB on Linux), then the gateway's queue; the
      // attacker writes on (as fast as the gateway reads) until its writes fail on the closed
      // connection. Processing 250,000 PINGs takes seconds under the PARANOID leak detector.
      ByteBuf flood = RawHttp2.pings(10_000);
      // Well before the idle timeout (60 s), which would close it too: this close is the queue's.
      long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
      while (attacker.isOpen() && System.nanoTime() < deadline) {
        if (attacker.isWritable()) {
          attacker.raw(flood.retainedDuplicate());
        } else {
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
      }
      flood.release();
      assertThat(attacker.isOpen()).as("closed by the gateway").isFalse();

    }
  }

  @Test
  void streamsOverTheConcurrentLimitAreRefused() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      for (int stream = 1; stream <= 17; stream += 2) {
        h2.headers(stream, slowStream(), true);
      }
      RawHttp2.Frame refused = h2.await(f -> f.type().equals("RST_STREAM"), WAIT);
      assertThat(refused).isNotNull();
      assertThat(refused.streamId()).as("the ninth stream").isEqualTo(17);
      assertThat(refused.code()).as("REFUSED_STREAM").isEqualTo(Http2Error.REFUSED_STREAM.code());
      for (int stream = 1; stream < 17; stream += 2) {
        h2.reset(stream, Http2Error.CANCEL.code());
      }
    }
  }

  @Test
  void aFrameLargerThanAllowedIsAConnectionError() throws Exception {
    try (RawHttp2 attacker = RawHttp2.connect(gw.port())) {
      attacker.headers(1, RawHttp2.request("POST", "/stream/upload").add("content-type", "text/plain"), false);
      // Far more than the limit: the rest of the frame is still arriving when the gateway ends the connection.
      attacker.frame(Http2FrameTypes.DATA, 1, new Http2Flags(), Unpooled.wrappedBuffer(new byte[1_000_000]));
      RawHttp2.Frame goAway = attacker.awaitGoAway(WAIT);
      assertThat(goAway).isNotNull();
      assertThat(goAway.code()).as("FRAME_SIZE_ERROR").isEqualTo(Http2Error.FRAME_SIZE_ERROR.code());
    }
  }

  @Test
  void aClientThatNeverOpensItsWindowHasItsStreamResetAndTheBackendStopped() throws Exception {
    gw.backend.outcomes.clear();
    long sentBefore = gw.backend.sentMessages.get();
    Http2Settings noWindow = new Http2Settings().initialWindowSize(0);
    try (RawHttp2 stalled = RawHttp2.connect(gw.port(), RawHttp2.Options.polite().withSettings(noWindow).withWindowsClosed())) {
      stalled.headers(1, RawHttp2.request("GET", "/stream/count?count=100000&payloadBytes=65536")
          .add("accept", "application/x-ndjson"), true);
      RawHttp2.Frame reset = stalled.await(f -> f.type().equals("RST_STREAM"), WAIT);
      assertThat(reset).as("reset after --http2-send-timeout").isNotNull();
      assertThat(reset.code()).as("CANCEL").isEqualTo(Http2Error.CANCEL.code());
      assertThat(stalled.dataBytes.get()).as("no DATA past a zero window").isZero();
      assertThat(gw.backend.outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS))
          .extracting(StreamBackend.Outcome::code).isEqualTo("CANCELLED");
      // What the backend ran ahead: the gRPC window toward the gateway and the stream's write buffer.
      long lead = (gw.backend.sentMessages.get() - sentBefore) * 65_560L;
      assertThat(lead).as("bytes the backend sent for a client that took none").isLessThan(16L << 20);
    }
  }

  @Test
  void aSlowBackendHoldsAnUploadAtTheFlowControlWindows() throws Exception {
    try (RawHttp2 uploader = RawHttp2.connect(gw.port())) {
      uploader.headers(1, RawHttp2.request("POST", "/stream/upload").add("content-type", StreamBackend.SLOW_UPLOAD), false);
      // The client sends whatever the windows allow, for two seconds: 16 KiB frames.
      long window = 65_535; // the connection's before its update; the stream's is 1 MiB
      long sent = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      ByteBuf frame = Unpooled.wrappedBuffer(new byte[16_384]);
      while (System.nanoTime() < deadline) {
        long granted = window + grantedSoFar(uploader, 0);
        if (sent + 16_384 <= Math.min(granted, (1 << 20) + grantedSoFar(uploader, 1))) {
          uploader.data(1, frame.retainedDuplicate(), false);
          sent += 16_384;
        } else {
          Thread.sleep(5);
        }
      }
      frame.release();
      // The slow backend takes about 800 KiB/s; the gateway may hold its stream window (1 MiB) and
      // the gRPC window toward the backend (4 MiB). Without flow control the client would have sent
      // gigabytes in two seconds on loopback.
      assertThat(sent).as("bytes the client could send").isLessThan(8L << 20).isGreaterThan(1L << 20);
      uploader.reset(1, Http2Error.CANCEL.code());
    }
  }

  /** The window increments the server granted for {@code streamId} (0: the connection) so far. */
  private static long grantedSoFar(RawHttp2 h2, int streamId) {
    synchronized (h2.frames) {
      return h2.frames.stream().filter(f -> f.type().equals("WINDOW_UPDATE") && f.streamId() == streamId)
          .mapToLong(RawHttp2.Frame::code).sum();
    }
  }

  @Test
  void aBodyThatNeverEndsIsAnswered408AndItsStreamResetWhileTheConnectionGoesOn() throws Exception {
    gw.backend.outcomes.clear();
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("POST", "/stream/h2/sum").add("content-type", "application/x-ndjson"), false);
      h2.data(1, "{\"n\":1}\n{\"n\":", false);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).status()).isEqualTo("408");
      assertThat(RawHttp2.body(frames)).isEqualTo("{\"code\":4,\"message\":\"request not received within 500 ms\",\"details\":[]}");
      assertThat(h2.await(f -> f.type().equals("RST_STREAM") && f.streamId() == 1, WAIT)).isNotNull();
      assertThat(gw.backend.outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("the upload's backend call").extracting(StreamBackend.Outcome::code).isEqualTo("CANCELLED");
      h2.headers(3, RawHttp2.request("GET", "/stream/count?count=1").add("accept", "application/x-ndjson"), true);
      assertThat(RawHttp2.body(h2.awaitStream(3, WAIT))).isEqualTo("{\"n\":\"1\"}\n");
    }
  }

  /** The HPACK block of {@code headers}, for frames written by hand. */
  private static ByteBuf headerBlock(Http2Headers headers) throws Exception {
    ByteBuf out = Unpooled.buffer();
    new DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, out);
    return out;
  }
}
