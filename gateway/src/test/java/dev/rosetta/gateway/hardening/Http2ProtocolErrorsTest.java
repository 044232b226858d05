package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.STREAM_WINDOW;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.WAIT;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.assertServes;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.count;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.grantedSoFar;
import static dev.rosetta.gateway.hardening.Http2ProtocolHarness.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamBackend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The breaches of RFC 9113 in the contract {@link Http2ProtocolTest} describes: for each, the
 * frame type and error code a raw-frame client ({@link RawHttp2}) sees, and that the gateway
 * serves on afterwards, on a new connection after a connection error (GOAWAY and the close), on
 * the same connection after a stream error (RST_STREAM on that stream); frames the client had in
 * flight on a stream the gateway reset; and, at the edge of the malformed, a request without
 * {@code :scheme} and the one TE value a request may carry. What the gateway does within the
 * protocol (flow control of what it sends, PING, the client's RST_STREAM and GOAWAY, unknown
 * frames, PRIORITY, the opening SETTINGS) is in {@link Http2ProtocolTest}.
 *
 * <p>Where the RFC lets the server choose between a stream error and a connection error
 * (section 5.4.1: "an endpoint MAY choose to treat a stream error as a connection error"; section
 * 6.9.1 for flow control), the test asserts what the gateway does and says so. Three cases
 * where Netty's handler departed from the RFC (a lower stream id, a request without
 * {@code :scheme}, frames in flight on a stream the gateway reset) are written to the RFC.
 */
class Http2ProtocolErrorsTest {
  /** How long {@link #overrunStreamWindow} fills the gateway's buffers before it overruns the window. */
  private static final Duration FILL = Duration.ofMillis(600);

  @RegisterExtension
  static final Http2ProtocolHarness gw = new Http2ProtocolHarness();

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

  /**
   * Section 6.5.2: SETTINGS_MAX_HEADER_LIST_SIZE is the client's limit on what it takes; a
   * response head past it is not sent. The stream is reset (as Netty's handler did, with
   * PROTOCOL_ERROR) and its exchange ended, and the connection serves on: HPACK refused the list
   * before it touched its table, so the next response's header block still decodes.
   */
  @Test
  void aResponseHeadPastTheClientsHeaderListLimitResetsTheStream() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port(),
        RawHttp2.Options.polite().withSettings(new Http2Settings().maxHeaderListSize(100)))) {
      h2.headers(1, count(1), true);
      RawHttp2.Frame reset = h2.await(f -> f.streamId() == 1 || f.type().equals("GOAWAY"), WAIT);
      assertThat(reset).isNotNull();
      assertThat(reset.type()).as(reset.toString()).isEqualTo("RST_STREAM");
      assertThat(Http2Error.valueOf(reset.code())).isEqualTo(Http2Error.PROTOCOL_ERROR);
      h2.settings(new Http2Settings().maxHeaderListSize(16 << 10));
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

  private static void assertServedOnANewConnection() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      assertServes(h2, 1);
    }
  }
}
