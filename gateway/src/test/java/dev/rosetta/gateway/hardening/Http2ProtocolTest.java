package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.CONNECTION_WINDOW;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.MAX_CONCURRENT_STREAMS;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.MAX_FRAME_SIZE;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.MAX_HEADER_LIST_SIZE;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.STREAM_WINDOW;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.WAIT;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.assertServes;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.count;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.grantedSoFar;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.ndjson;
import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.RawHttp2;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's HTTP/2 server against RFC 9113, frame by frame, for a raw-frame client
 * ({@link RawHttp2}: Netty's frame writer and reader, nothing of its connection handler): the
 * frame type and error code the client sees for each breach of the protocol, and that the
 * gateway serves on afterwards, on the same connection after a stream error, on a new one after
 * a connection error. The contract of the gateway's connection layer ({@code Http2Codec},
 * {@code Http2Streams}, {@code Http2SendFlow}); written against Netty's {@code Http2ConnectionHandler},
 * which the gateway used before, and kept when its own replaced it.
 *
 * <p>This class holds what the gateway does for a client that keeps to the protocol: flow
 * control of what it sends, PING, a stream the client resets, the client's GOAWAY, frames of an
 * unknown type, PRIORITY, and the SETTINGS it opens with. The breaches, and how the gateway
 * chooses between a stream error and a connection error where the RFC lets it, are in
 * {@link Http2ProtocolErrorsTest}. Each runs against a gateway of its own with the same limits,
 * started by {@link Http2ProtocolHarness}.
 */
class Http2ProtocolTest {
  /**
   * How long a test watches for something that must not happen (DATA past a closed window, after
   * a reset): there is no condition to poll for an absence. Several of the slow streams' periods.
   */
  private static final Duration QUIET = Duration.ofMillis(400);
  /** The window every connection starts with (RFC 9113 section 6.9.2). */
  private static final int DEFAULT_WINDOW = 65_535;

  @RegisterExtension
  static final Http2ProtocolHarness gw = new Http2ProtocolHarness();

  // ---------------------------------------------------------------------------------------------
  // Flow control of what the gateway sends.

  /** Section 6.9.1: the sender keeps to the window the receiver gave, until a WINDOW_UPDATE. */
  @Test
  void aResponseStopsAtTheStreamWindowTheClientGaveUntilItsWindowUpdate() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port(), smallWindow())) {
      h2.headers(1, count(50), true);
      eventually("the first 16 bytes", WAIT, () -> h2.dataBytes.get() >= 16);
      holds("no DATA past the stream's window of 16 bytes", QUIET, () -> h2.dataBytes.get() == 16);
      h2.windowUpdate(1, 1 << 20);
      List<RawHttp2.Frame> answer = h2.awaitStream(1, WAIT);
      assertThat(answer.get(0).status()).isEqualTo("200");
      assertThat(RawHttp2.body(answer)).as("the whole body").isEqualTo(ndjson(50));
    }
  }

  /** Section 6.9.2: a SETTINGS_INITIAL_WINDOW_SIZE change applies to the windows of the open streams. */
  @Test
  void aSettingsFrameRaisingTheInitialWindowReleasesTheDataHeld() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port(), smallWindow())) {
      h2.headers(1, count(50), true);
      eventually("the first 16 bytes", WAIT, () -> h2.dataBytes.get() >= 16);
      holds("no DATA past the stream's window of 16 bytes", QUIET, () -> h2.dataBytes.get() == 16);
      h2.settings(new Http2Settings().initialWindowSize(1 << 20));
      List<RawHttp2.Frame> answer = h2.awaitStream(1, WAIT);
      assertThat(RawHttp2.body(answer)).as("the whole body").isEqualTo(ndjson(50));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Frames the gateway answers or ignores.

  /** Section 6.7: a PING is answered by a PING with the ACK flag and the same 8 bytes. */
  @Test
  void aPingIsAnsweredWithAnAckCarryingItsEightBytes() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.ping(0x0102_0304_0506_0708L);
      RawHttp2.Frame ack = h2.await(f -> f.type().equals("PING_ACK"), WAIT);
      assertThat(ack).as("PING ack").isNotNull();
      assertThat(ack.code()).as("its 8 bytes").isEqualTo(0x0102_0304_0506_0708L);
      assertServes(h2, 1);
    }
  }

  /**
   * Section 5.1, 6.4: a stream the client resets is closed; the gateway sends nothing more on it
   * and the connection serves on. A PING after the reset marks the point past which no DATA of
   * the stream may come: the gateway reads frames in order, and DATA it wrote before is ahead of
   * the PING's ack.
   */
  @Test
  void aStreamTheClientResetsGetsNoMoreDataAndTheConnectionServesOn() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=100&delayMillis=50")
          .add("accept", "application/x-ndjson"), true);
      assertThat(h2.await(f -> f.type().equals("DATA") && f.streamId() == 1, WAIT)).as("the response under way")
          .isNotNull();
      h2.reset(1, Http2Error.CANCEL.code());
      h2.ping(42);
      assertThat(h2.await(f -> f.type().equals("PING_ACK") && f.code() == 42, WAIT)).isNotNull();
      long received = h2.dataBytes.get();
      holds("no DATA on the reset stream", QUIET, () -> h2.dataBytes.get() == received);
      assertServes(h2, 3);
    }
  }

  /**
   * Section 6.8: GOAWAY from the client (NO_ERROR, last stream 0: it takes no stream the server
   * would open) leaves the client's own streams alone: the one in flight completes. What follows
   * is the server's choice and not asserted: the gateway keeps the connection open now, and even
   * serves a stream the client opens after its GOAWAY.
   */
  @Test
  void aClientGoAwayLetsItsStreamInFlightComplete() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=3&delayMillis=100")
          .add("accept", "application/x-ndjson"), true);
      h2.goAway(0, Http2Error.NO_ERROR.code());
      List<RawHttp2.Frame> answer = h2.awaitStream(1, WAIT);
      assertThat(answer.get(0).status()).isEqualTo("200");
      assertThat(RawHttp2.body(answer)).isEqualTo(ndjson(3));
      assertThat(answer).as("not reset").noneMatch(f -> f.type().equals("RST_STREAM"));
    }
  }

  /** Section 4.1, 5.5: a frame of an unknown type is ignored, on the connection and on an open stream. */
  @Test
  void framesOfAnUnknownTypeAreIgnored() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=2&delayMillis=100")
          .add("accept", "application/x-ndjson"), true);
      h2.frame((byte) 0x20, 0, new Http2Flags(), Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
      h2.frame((byte) 0x20, 1, new Http2Flags(), Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
      assertServes(h2, 3);
      List<RawHttp2.Frame> first = h2.awaitStream(1, WAIT);
      assertThat(RawHttp2.body(first)).as("the open stream, undisturbed").isEqualTo(ndjson(2));
    }
  }

  /**
   * Section 5.3.2, 6.3: PRIORITY may come on a stream in any state; the gateway, which does not
   * prioritise (UniformStreamByteDistributor), ignores it, on an open stream and on an idle one
   * (which it does not open).
   */
  @Test
  void priorityFramesOnOpenAndIdleStreamsAreIgnored() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=2&delayMillis=100")
          .add("accept", "application/x-ndjson"), true);
      h2.priority(1, 0, (short) 200, false);
      h2.priority(3, 1, (short) 16, true);
      assertServes(h2, 5);
      List<RawHttp2.Frame> first = h2.awaitStream(1, WAIT);
      assertThat(RawHttp2.body(first)).as("the open stream, undisturbed").isEqualTo(ndjson(2));
    }
  }

  /**
   * Section 3.4: the server's preface is a SETTINGS frame, its first; section 6.5.3: the client's
   * SETTINGS are acknowledged, each. The settings are the configured limits; the connection's
   * window, which SETTINGS cannot set, grows by a WINDOW_UPDATE on stream 0 (section 6.9.2).
   */
  @Test
  void theServerOpensWithSettingsCarryingItsLimitsAndAcknowledgesTheClients() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      eventually("the server's preface", WAIT, () -> !h2.settingsReceived.isEmpty());
      synchronized (h2.frames) {
        assertThat(h2.frames.get(0).type()).as("the server's first frame").isEqualTo("SETTINGS");
      }
      Http2Settings settings = h2.settingsReceived.get(0);
      assertThat(settings.maxConcurrentStreams()).as("SETTINGS_MAX_CONCURRENT_STREAMS")
          .isEqualTo((long) MAX_CONCURRENT_STREAMS);
      assertThat(settings.maxHeaderListSize()).as("SETTINGS_MAX_HEADER_LIST_SIZE")
          .isEqualTo((long) MAX_HEADER_LIST_SIZE);
      assertThat(settings.maxFrameSize()).as("SETTINGS_MAX_FRAME_SIZE").isEqualTo(MAX_FRAME_SIZE);
      assertThat(settings.initialWindowSize()).as("SETTINGS_INITIAL_WINDOW_SIZE").isEqualTo(STREAM_WINDOW);
      // Section 8.4: a server MUST NOT set SETTINGS_ENABLE_PUSH to 1.
      assertThat(settings.pushEnabled()).as("SETTINGS_ENABLE_PUSH").isNotEqualTo(Boolean.TRUE);
      eventually("the connection's window grown to " + CONNECTION_WINDOW, WAIT,
          () -> grantedSoFar(h2, 0) == CONNECTION_WINDOW - DEFAULT_WINDOW);
      assertThat(h2.await(f -> f.type().equals("SETTINGS_ACK"), WAIT)).as("the ack of the client's preface")
          .isNotNull();
      h2.settings(new Http2Settings().initialWindowSize(1 << 20));
      assertThat(h2.await(f -> f.type().equals("SETTINGS_ACK"), WAIT)).as("the ack of a later SETTINGS")
          .isNotNull();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A client whose streams start with a window of 16 bytes, which it opens only when the test says. */
  private static RawHttp2.Options smallWindow() {
    return RawHttp2.Options.polite().withSettings(new Http2Settings().initialWindowSize(16)).withWindowsClosed();
  }

  /** Checks {@code condition} every few milliseconds for {@code duration}: it must hold throughout. */
  private static void holds(String what, Duration duration, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.call()) {
        throw new AssertionError("did not hold for " + duration.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
