package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.ProtocolOptions;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.StreamHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's HTTP/2 server against RFC 9113, frame by frame, for a raw-frame client
 * ({@link RawHttp2}: Netty's frame writer and reader, nothing of its connection handler): the
 * frame type and error code the client sees for each breach of the protocol, and that the
 * gateway serves on afterwards, on the same connection after a stream error, on a new one after
 * a connection error. The contract of the gateway's connection layer ({@code Http2Codec},
 * {@code Http2Streams}, {@code Http2SendFlow}); written against Netty's {@code Http2ConnectionHandler},
 * which the gateway used before, and kept when its own replaced it.
 *
 * <p>Where the RFC lets the server choose between a stream error and a connection error
 * (section 5.4.1: "an endpoint MAY choose to treat a stream error as a connection error"; section
 * 6.9.1 for flow control), the test asserts what the gateway does and says so. Three cases
 * where Netty's handler departed from the RFC (a lower stream id, a request without
 * {@code :scheme}, frames in flight on a stream the gateway reset) are written to the RFC.
 */
class Http2ProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /**
   * How long a test watches for something that must not happen (DATA past a closed window, after
   * a reset): there is no condition to poll for an absence. Several of the slow streams' periods.
   */
  private static final Duration QUIET = Duration.ofMillis(400);
  /** How long {@link #overrunStreamWindow} fills the gateway's buffers before it overruns the window. */
  private static final Duration FILL = Duration.ofMillis(600);

  // The harness's limits, each off the RFC's and Netty's defaults, so that the SETTINGS frame
  // shows they are the configured ones.
  private static final int MAX_CONCURRENT_STREAMS = 16;
  private static final int MAX_HEADER_LIST_SIZE = 32 << 10;
  private static final int MAX_FRAME_SIZE = 32 << 10;
  private static final int STREAM_WINDOW = 128 << 10;
  /** Far larger than the stream window: a client overrunning a stream's window breaks that first. */
  private static final int CONNECTION_WINDOW = 64 << 20;
  /** The window every connection starts with (RFC 9113 section 6.9.2). */
  private static final int DEFAULT_WINDOW = 65_535;

  static StreamHarness gw;
  static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    ProtocolOptions.Http2 http2 = new ProtocolOptions.Http2(true, MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE,
        MAX_FRAME_SIZE, STREAM_WINDOW, CONNECTION_WINDOW, ProtocolOptions.Http2.DEFAULTS.maxResetsPerWindow(),
        ProtocolOptions.Http2.DEFAULTS.sendTimeout());
    gw = StreamHarness.start(c -> c
        .withServer(c.server().withProtocols(ProtocolOptions.DEFAULTS.withHttp2(http2)))
        .withOperations(OperationsOptions.defaults().withAdminPort(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  /** Whatever a test broke, no exchange stays behind (a stream the gateway forgot to end). */
  @AfterEach
  void nothingLeftInFlight() throws Exception {
    eventually("no exchange left in flight", WAIT, () -> inFlight() == 0);
  }

  /** What a client writes on a connection, in order. */
  @FunctionalInterface
  interface Frames {
    void send(RawHttp2 h2) throws Exception;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection errors: GOAWAY with the code, the connection closed, a new connection served.

  static Stream<Arguments> connectionErrors() {
    return Stream.of(
        // Section 5.1.1: streams a client opens are odd-numbered.
        Arguments.of("HEADERS on an even stream", (Frames) h2 -> h2.headers(2, count(1), true),
            Http2Error.PROTOCOL_ERROR),
        // Section 5.1, "idle": a frame other than HEADERS or PRIORITY on an idle stream.
        Arguments.of("DATA on an idle stream", (Frames) h2 -> h2.data(3, "x", true), Http2Error.PROTOCOL_ERROR),
        Arguments.of("RST_STREAM on an idle stream", (Frames) h2 -> h2.reset(3, Http2Error.CANCEL.code()),
            Http2Error.PROTOCOL_ERROR),
        // Section 6.9: an increment of 0 on the connection.
        Arguments.of("WINDOW_UPDATE of 0 on the connection", (Frames) h2 -> h2.windowUpdate(0, 0),
            Http2Error.PROTOCOL_ERROR),
        // Section 6.9.1: a window past 2^31-1 (65,535 + 2^31-1).
        Arguments.of("WINDOW_UPDATE taking the connection's window past 2^31-1",
            (Frames) h2 -> h2.windowUpdate(0, Integer.MAX_VALUE), Http2Error.FLOW_CONTROL_ERROR),
        // Section 6.5.2: SETTINGS_INITIAL_WINDOW_SIZE (0x4) above 2^31-1 is a FLOW_CONTROL_ERROR,
        // SETTINGS_MAX_FRAME_SIZE (0x5) under 2^14 a PROTOCOL_ERROR.
        Arguments.of("SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1",
            (Frames) h2 -> h2.frame(Http2FrameTypes.SETTINGS, 0, new Http2Flags(), setting(0x4, 0x8000_0000L)),
            Http2Error.FLOW_CONTROL_ERROR),
        Arguments.of("SETTINGS_MAX_FRAME_SIZE under 16384",
            (Frames) h2 -> h2.frame(Http2FrameTypes.SETTINGS, 0, new Http2Flags(), setting(0x5, 16_383)),
            Http2Error.PROTOCOL_ERROR),
        // Section 6.5: SETTINGS belongs to the connection; an ack carries nothing.
        Arguments.of("SETTINGS on a stream",
            (Frames) h2 -> h2.frame(Http2FrameTypes.SETTINGS, 1, new Http2Flags(), setting(0x3, 10)),
            Http2Error.PROTOCOL_ERROR),
        Arguments.of("SETTINGS ack with a payload",
            (Frames) h2 -> h2.frame(Http2FrameTypes.SETTINGS, 0, new Http2Flags().ack(true), setting(0x3, 10)),
            Http2Error.FRAME_SIZE_ERROR),
        // Section 6.7: PING belongs to the connection.
        Arguments.of("PING on a stream",
            (Frames) h2 -> h2.frame(Http2FrameTypes.PING, 1, new Http2Flags(), Unpooled.wrappedBuffer(new byte[8])),
            Http2Error.PROTOCOL_ERROR),
        // Section 8.4: a client cannot push (here on its open stream 1, promising stream 2, an empty header block).
        Arguments.of("PUSH_PROMISE from the client",
            (Frames) h2 -> h2.frame(Http2FrameTypes.PUSH_PROMISE, 1, new Http2Flags().endOfHeaders(true),
                Unpooled.buffer(4).writeInt(2)), Http2Error.PROTOCOL_ERROR),
        // RFC 7540 section 5.3.1 makes a stream depending on itself a stream error; section 5.4.1
        // lets the server make it the connection's, which the gateway does (Netty's frame
        // reader refuses the frame before it decodes the header block, so the HPACK state is lost).
        Arguments.of("HEADERS depending on its own stream", (Frames) h2 -> h2.headers(3, count(1), 3, true),
            Http2Error.PROTOCOL_ERROR));
  }

  /** Each on a connection with stream 1 in flight: the error is the connection's, not that stream's. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("connectionErrors")
  void aConnectionErrorIsAnsweredWithGoAwayAndTheCloseAndANewConnectionIsServed(String what, Frames frames,
      Http2Error error) throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, slowStream(), true);
      frames.send(h2);
      RawHttp2.Frame goAway = h2.awaitGoAway(WAIT);
      assertThat(goAway).as("GOAWAY").isNotNull();
      assertThat(Http2Error.valueOf(goAway.code())).as("GOAWAY's error code").isEqualTo(error);
      // Section 6.8: the last stream identifier covers every stream the gateway may have acted on:
      // stream 1 at least (less would tell the client it may retry a request the backend may
      // have had). The gateway names the highest stream the client opened.
      assertThat(goAway.streamId()).as("GOAWAY's last stream").isGreaterThanOrEqualTo(1);
      // Section 5.4.1: after GOAWAY for an error, the endpoint closes the connection.
      assertThat(h2.awaitClosed(WAIT)).as("closed").isTrue();
    }
    assertServedOnANewConnection();
  }

  /**
   * Section 5.1.1: a new stream's identifier is greater than all the client opened; "an endpoint
   * that receives an unexpected stream identifier MUST respond with a connection error of type
   * PROTOCOL_ERROR".
   */
  @Test
  void headersOnAStreamLowerThanOneAlreadyOpenedIsAConnectionError() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      assertServes(h2, 5);
      h2.headers(3, count(1), true);
      RawHttp2.Frame answer = h2.await(f -> f.type().equals("GOAWAY") || f.type().equals("RST_STREAM"), WAIT);
      assertThat(answer).as("GOAWAY").isNotNull();
      assertThat(answer.type()).isEqualTo("GOAWAY");
      assertThat(Http2Error.valueOf(answer.code())).isEqualTo(Http2Error.PROTOCOL_ERROR);
      assertThat(answer.streamId()).as("GOAWAY's last stream").isEqualTo(5);
      assertThat(h2.awaitClosed(WAIT)).as("closed").isTrue();
    }
    assertServedOnANewConnection();
  }

  // ---------------------------------------------------------------------------------------------
  // Stream errors: RST_STREAM on that stream with the code, and the same connection serves on.

  static Stream<Arguments> streamErrors() {
    return Stream.of(
        // Section 5.1, "half-closed (remote)": frames other than WINDOW_UPDATE, PRIORITY and
        // RST_STREAM are a stream error of type STREAM_CLOSED. The response is still under way.
        Arguments.of("DATA after the client ended the stream", (Frames) h2 -> {
          h2.headers(1, slowStream(), true);
          h2.data(1, "x", true);
        }, Http2Error.STREAM_CLOSED),
        // Section 8.1: a HEADERS frame after the request's that does not end the stream makes it malformed.
        Arguments.of("a second HEADERS without END_STREAM", (Frames) h2 -> {
          h2.headers(1, upload(), false);
          h2.data(1, "abc", false);
          h2.headers(1, new DefaultHttp2Headers().add("x-trailer", "1"), false);
        }, Http2Error.PROTOCOL_ERROR),
        // Section 8.3.1: :method and :path are mandatory (and :scheme: see below, disabled).
        Arguments.of("a request without :path", (Frames) h2 -> h2.headers(1, new DefaultHttp2Headers()
            .method("GET").scheme("http").authority("127.0.0.1"), true), Http2Error.PROTOCOL_ERROR),
        Arguments.of("a request without :method", (Frames) h2 -> h2.headers(1, new DefaultHttp2Headers()
            .path("/stream/count?count=1").scheme("http").authority("127.0.0.1"), true), Http2Error.PROTOCOL_ERROR),
        // Section 8.1.1: DATA that does not add up to content-length makes the request malformed.
        Arguments.of("content-length 5 with 3 bytes", (Frames) h2 -> {
          h2.headers(1, echo().setInt("content-length", 5), false);
          h2.data(1, "abc", true);
        }, Http2Error.PROTOCOL_ERROR),
        Arguments.of("content-length 2 with 5 bytes", (Frames) h2 -> {
          h2.headers(1, echo().setInt("content-length", 2), false);
          h2.data(1, "hello", true);
        }, Http2Error.PROTOCOL_ERROR),
        // Section 8.1: trailers MUST NOT include pseudo-header fields.
        Arguments.of("a pseudo-header field in trailers", (Frames) h2 -> {
          h2.headers(1, upload(), false);
          h2.data(1, "abc", false);
          h2.headers(1, new DefaultHttp2Headers().path("/elsewhere"), true);
        }, Http2Error.PROTOCOL_ERROR),
        // Section 8.2.1: field names are lowercase. Section 8.2.2: no connection-specific fields,
        // and TE only with "trailers". The gateway answers these as stream errors (the RFC's
        // "malformed"), not connection errors.
        Arguments.of("an uppercase field name",
            (Frames) h2 -> h2.headers(1, unvalidated().add("X-Upper", "1"), true), Http2Error.PROTOCOL_ERROR),
        Arguments.of("connection: keep-alive",
            (Frames) h2 -> h2.headers(1, count(1).add("connection", "keep-alive"), true), Http2Error.PROTOCOL_ERROR),
        Arguments.of("te: gzip",
            (Frames) h2 -> h2.headers(1, count(1).add("te", "gzip"), true), Http2Error.PROTOCOL_ERROR),
        // Section 6.9: an increment of 0 on a stream is a stream error.
        Arguments.of("WINDOW_UPDATE of 0 on an open stream", (Frames) h2 -> {
          h2.headers(1, slowStream(), true);
          h2.windowUpdate(1, 0);
        }, Http2Error.PROTOCOL_ERROR),
        // Section 6.9.1: a stream's window past 2^31-1 is a stream error.
        Arguments.of("WINDOW_UPDATE taking an open stream's window past 2^31-1", (Frames) h2 -> {
          h2.headers(1, slowStream(), true);
          h2.windowUpdate(1, Integer.MAX_VALUE);
        }, Http2Error.FLOW_CONTROL_ERROR),
        // Section 6.9.1: a receiver MAY answer a frame past its window with a stream error or a
        // connection error of type FLOW_CONTROL_ERROR; the gateway resets the stream (its
        // connection window is the larger).
        Arguments.of("more DATA than the stream's window",
            (Frames) h2 -> overrunStreamWindow(h2, 512 << 10), Http2Error.FLOW_CONTROL_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamErrors")
  void aStreamErrorResetsThatStreamAndTheConnectionServesOn(String what, Frames frames, Http2Error error)
      throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      frames.send(h2);
      RawHttp2.Frame reset = h2.await(f -> f.type().equals("RST_STREAM") || f.type().equals("GOAWAY"), WAIT);
      assertThat(reset).as("RST_STREAM").isNotNull();
      assertThat(reset.type()).as(reset.toString()).isEqualTo("RST_STREAM");
      assertThat(reset.streamId()).as("the stream reset").isEqualTo(1);
      assertThat(Http2Error.valueOf(reset.code())).as("RST_STREAM's error code").isEqualTo(error);
      assertServes(h2, 3);
    }
  }

  /**
   * Section 5.1, "closed": after a RST_STREAM on an open stream, the client "might have sent or
   * enqueued for sending" frames on it, which the gateway "MUST minimally process and then
   * discard". Here 4 MiB of an upload the client wrote with the frame that broke the stream.
   */
  @Test
  void aClientsFramesInFlightOnAStreamTheGatewayResetAreDiscarded() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, slowUpload(), false);
      h2.batch(() -> {
        h2.frameInBatch(Http2FrameTypes.WINDOW_UPDATE, 1, new Http2Flags(), Unpooled.buffer(4).writeInt(0));
        for (int i = 0; i < 256; i++) {
          h2.frameInBatch(Http2FrameTypes.DATA, 1, new Http2Flags(), Unpooled.wrappedBuffer(new byte[16_384]));
        }
      });
      RawHttp2.Frame reset = h2.await(f -> f.type().equals("RST_STREAM"), WAIT);
      assertThat(reset).isNotNull();
      assertThat(Http2Error.valueOf(reset.code())).isEqualTo(Http2Error.PROTOCOL_ERROR);
      // The gateway reads in order: its answer to a PING after the DATA comes after its answers to the DATA.
      h2.ping(7);
      assertThat(h2.await(f -> f.type().equals("PING_ACK") && f.code() == 7, WAIT)).as("the PING answered").isNotNull();
      synchronized (h2.frames) {
        assertThat(h2.frames).as("nothing for the frames in flight")
            .noneMatch(f -> f.type().equals("RST_STREAM") || f.type().equals("GOAWAY"));
      }
      assertServes(h2, 3);
    }
  }

  /** Section 8.3.1: "All HTTP/2 requests MUST include exactly one valid value for ... :scheme". */
  @Test
  void aRequestWithoutSchemeIsMalformed() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, new DefaultHttp2Headers().method("GET").path("/stream/count?count=1").authority("127.0.0.1")
          .add("accept", "application/x-ndjson"), true);
      RawHttp2.Frame reset = h2.await(f -> f.streamId() == 1 || f.type().equals("GOAWAY"), WAIT);
      assertThat(reset).isNotNull();
      assertThat(reset.type()).as(reset.toString()).isEqualTo("RST_STREAM");
      assertThat(Http2Error.valueOf(reset.code())).isEqualTo(Http2Error.PROTOCOL_ERROR);
      assertServes(h2, 3);
    }
  }

  /** Section 8.2.2: TE is allowed with the value "trailers" (what gRPC clients send). */
  @Test
  void aTeFieldOfTrailersIsServed() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, count(2).add("te", "trailers"), true);
      List<RawHttp2.Frame> answer = h2.awaitStream(1, WAIT);
      assertThat(answer.get(0).status()).isEqualTo("200");
      assertThat(RawHttp2.body(answer)).isEqualTo(ndjson(2));
    }
  }

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

  /** A GET of {@code n} NDJSON lines, answered at once. */
  private static Http2Headers count(int n) {
    return RawHttp2.request("GET", "/stream/count?count=" + n).add("accept", "application/x-ndjson");
  }

  /** {@code count(n)}'s body. */
  private static String ndjson(int n) {
    StringBuilder body = new StringBuilder();
    IntStream.rangeClosed(1, n).forEach(i -> body.append("{\"n\":\"").append(i).append("\"}\n"));
    return body.toString();
  }

  /** A response that takes long (a line a second): the stream stays open for the test. */
  private static Http2Headers slowStream() {
    return RawHttp2.request("GET", "/stream/count?count=100&delayMillis=1000").add("accept", "application/x-ndjson");
  }

  /** A client-streamed upload whose body the test sends. */
  private static Http2Headers upload() {
    return RawHttp2.request("POST", "/stream/upload").add("content-type", "text/plain");
  }

  /** An upload the backend takes slowly (20 ms a message): the gateway cannot take its body as fast as it comes. */
  private static Http2Headers slowUpload() {
    return RawHttp2.request("POST", "/stream/upload").add("content-type", StreamBackend.SLOW_UPLOAD);
  }

  /**
   * Sends more of stream 1's body than its window allows: an upload to the slow backend, sent as
   * fast as the windows allow for {@link #FILL}, by when the gateway holds what it can (its stream
   * window, and what gRPC's flow control toward the backend holds) and grants more only as the
   * backend takes it (1 MiB granted in all, on this machine); then the rest of the window and
   * {@code past} bytes more, in one burst: more than the gateway grants meanwhile. The frames
   * after the one past the window are dropped
   * ({@link #aClientsFramesInFlightOnAStreamTheGatewayResetAreDiscarded}).
   */
  private static void overrunStreamWindow(RawHttp2 h2, int past) throws Exception {
    h2.headers(1, slowUpload(), false);
    ByteBuf frame = Unpooled.wrappedBuffer(new byte[16_384]);
    long sent = 0;
    long deadline = System.nanoTime() + FILL.toNanos();
    while (System.nanoTime() < deadline) {
      if (sent + frame.readableBytes() <= STREAM_WINDOW + grantedSoFar(h2, 1)) {
        h2.data(1, frame.retainedDuplicate(), false);
        sent += frame.readableBytes();
      } else {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    frame.release();
    long left = STREAM_WINDOW + grantedSoFar(h2, 1) - sent;
    h2.data(1, Unpooled.wrappedBuffer(new byte[(int) left + past]), false);
  }

  /** A unary call with an {@code HttpBody} body the test sends. */
  private static Http2Headers echo() {
    return RawHttp2.request("POST", "/stream/echo").add("content-type", "text/plain");
  }

  /** {@code count(1)}'s fields in headers that take any name (Netty's own refuse uppercase ones). */
  private static Http2Headers unvalidated() {
    return new DefaultHttp2Headers(false).method("GET").path("/stream/count?count=1").scheme("http")
        .authority("127.0.0.1").add("accept", "application/x-ndjson");
  }

  /** A SETTINGS payload of one setting, raw: values Netty's {@link Http2Settings} would refuse. */
  private static ByteBuf setting(int id, long value) {
    return Unpooled.buffer(6).writeShort(id).writeInt((int) value);
  }

  /** A client whose streams start with a window of 16 bytes, which it opens only when the test says. */
  private static RawHttp2.Options smallWindow() {
    return RawHttp2.Options.polite().withSettings(new Http2Settings().initialWindowSize(16)).withWindowsClosed();
  }

  /** A request on {@code streamId} of {@code h2} is answered 200 in whole, and the connection stays. */
  private static void assertServes(RawHttp2 h2, int streamId) throws Exception {
    h2.headers(streamId, count(1), true);
    List<RawHttp2.Frame> answer = h2.awaitStream(streamId, WAIT);
    assertThat(answer.get(0).status()).as("stream " + streamId + "'s status").isEqualTo("200");
    assertThat(RawHttp2.body(answer)).isEqualTo(ndjson(1));
    assertThat(h2.isOpen()).as("the connection still open").isTrue();
    synchronized (h2.frames) {
      assertThat(h2.frames).as("no GOAWAY").noneMatch(f -> f.type().equals("GOAWAY"));
    }
  }

  private static void assertServedOnANewConnection() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      assertServes(h2, 1);
    }
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

  /** The window increments the server granted for {@code streamId} (0: the connection) so far. */
  private static long grantedSoFar(RawHttp2 h2, int streamId) {
    synchronized (h2.frames) {
      return h2.frames.stream().filter(f -> f.type().equals("WINDOW_UPDATE") && f.streamId() == streamId)
          .mapToLong(RawHttp2.Frame::code).sum();
    }
  }

  private static int inFlight() throws Exception {
    String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gw.gateway.adminAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^rosetta_http_requests_in_flight ([0-9.]+)$").matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
  }
}
