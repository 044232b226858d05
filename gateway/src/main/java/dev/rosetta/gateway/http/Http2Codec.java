package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP/2 connection handler (RFC 9113) for one client connection: Netty's frame reader and
 * writer (framing and HPACK), with the connection layer on top of them the gateway's own. Reads
 * the client's preface and frames, keeps the connection's frames (SETTINGS, PING, GOAWAY) itself,
 * hands the streams' frames to its {@link Http2Streams}, and answers a broken rule: a stream error
 * with RST_STREAM, a connection error with GOAWAY and a close. The response side of flow control
 * is its {@link Http2SendFlow}.
 *
 * <p>Why not Netty's {@code Http2ConnectionHandler}: its connection layer (stream objects with
 * property maps, both flow controllers, the promise plumbing) cost 1.5 µs of CPU per request on
 * the floor server as fast as served and 5 µs at part load, where issue 14 asks HTTP/2 not to
 * cost more than HTTP/1.1 (docs/benchmarks.md, "What Netty's HTTP/2 connection layer costs").
 *
 * <p>Limits, each from {@link ProtocolOptions.Http2} (docs/limits.md): the frame size and the
 * header list size (a request over it is answered 431 with the JSON {@code google.rpc.Status}; a
 * quarter over it closes the connection) here, the stream count and the windows in
 * {@link Http2Streams}, the floods in {@link Http2FloodLimits}.
 *
 * <p>Flushes: the streams of one connection are answered when their backend calls close, each on
 * a read of a backend channel, not of this connection, so no read's end would batch their
 * flushes. While other streams are open, a stream's flush is put off to the end of the event
 * loop's current turn, where one {@code writev} carries every answer made meanwhile. A connection
 * with one stream open flushes at once, as HTTP/1.1 does.
 *
 * <p>HPACK: {@code x-request-id} is new on every response, so indexing it would only evict the
 * fields that do repeat from the dynamic table; it is sent as a literal never indexed.
 */
final class Http2Codec extends ByteToMessageDecoder {
  /** Header fields whose value is new on every response: never worth an HPACK table entry. */
  private static final Http2HeadersEncoder.SensitivityDetector UNIQUE_PER_RESPONSE =
      (name, value) -> ExchangeRecord.REQUEST_ID_HEADER.contentEqualsIgnoreCase(name);
  private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(Http2CodecUtil.connectionPrefaceBuf());
  private static final String LINGER = "h2-linger";

  private final ProtocolOptions.Http2 options;
  private final Supplier<ErrorBody> errors;
  private final DefaultHttp2FrameReader reader;
  private final DefaultHttp2FrameWriter frames;
  /** The writer's HPACK encoder, which {@link Http2SendFlow} encodes response heads with. */
  private final DefaultHttp2HeadersEncoder headersEncoder = new DefaultHttp2HeadersEncoder(UNIQUE_PER_RESPONSE);
  private final Http2Streams streams;
  private final Http2FrameListener listener;
  private Http2SendFlow flow;
  private ChannelHandlerContext ctx;
  /** The 24 bytes of the client's preface are read; the next frame must be its SETTINGS. */
  private boolean prefaceRead;
  /** The client's first SETTINGS is read. */
  private boolean prefaceReceived;
  /** A connection error ended the connection: nothing more is read. */
  private boolean failed;
  /** Settings from an {@code HTTP2-Settings} header, applied once the handler is in place. */
  private Http2Settings upgradeSettings;

  private final Http2FloodLimits limits;

  /** A deferred flush is queued on the event loop (at most one per connection). */
  private boolean flushQueued;
  private Runnable deferredFlush;

  Http2Codec(Http2Initializer shared) {
    this.options = shared.options().protocols().http2();
    this.errors = () -> shared.dispatcher().engine().errors();
    DefaultHttp2HeadersDecoder headers = new DefaultHttp2HeadersDecoder(true, options.maxHeaderListSize());
    this.reader = new DefaultHttp2FrameReader(headers, ProtocolOptions.Http2.MAX_SMALL_CONTINUATION_FRAMES);
    try {
      reader.maxFrameSize(options.maxFrameSize());
    } catch (Http2Exception e) {
      throw new IllegalArgumentException(e);
    }
    this.frames = new DefaultHttp2FrameWriter(headersEncoder);
    this.streams = new Http2Streams(shared, this);
    this.limits = new Http2FloodLimits(options);
    this.listener = new Http2FrameRouter(this, streams, limits);
  }

  /** For {@code Upgrade: h2c}: the client's settings came in its {@code HTTP2-Settings} header. */
  Http2Codec upgradedWith(Http2Settings settings) {
    this.upgradeSettings = settings;
    return this;
  }

  Http2Streams streams() {
    return streams;
  }

  boolean prefaceReceived() {
    return prefaceReceived;
  }

  /** Sends the gateway's SETTINGS, the server's connection preface, and opens the connection's window. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    this.flow = new Http2SendFlow(frames, headersEncoder, streams, ctx);
    streams.bind(ctx, flow);
    frames.writeSettings(ctx, new Http2Settings()
        .maxConcurrentStreams(options.maxConcurrentStreams())
        .maxHeaderListSize(options.maxHeaderListSize())
        .maxFrameSize(options.maxFrameSize())
        .initialWindowSize(options.initialStreamWindow()), ctx.newPromise());
    if (options.connectionWindow() > Http2SendFlow.DEFAULT_WINDOW) {
      // SETTINGS set a stream's window only: the connection's grows by a WINDOW_UPDATE on stream 0.
      windowUpdate(0, options.connectionWindow() - Http2SendFlow.DEFAULT_WINDOW);
    }
    if (upgradeSettings != null) {
      try {
        applySettings(upgradeSettings);
      } catch (Http2Exception e) {
        connectionError(e);
      }
    }
    ctx.flush();
    super.handlerAdded(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      int before = in.readerIndex();
      try {
        if (!prefaceRead && !readPreface(in)) {
          return;
        }
        reader.readFrame(ctx, in, listener);
        return; // all read, or the rest of a frame is still to come
      } catch (Http2Exception.StreamException e) {
        streamError(e);
        if (in.readerIndex() == before) {
          connectionError(Http2Exception.connectionError(Http2Error.INTERNAL_ERROR, e, "no progress"));
        }
      } catch (Http2Exception e) {
        connectionError(e);
      } catch (RuntimeException e) {
        connectionError(Http2Exception.connectionError(Http2Error.INTERNAL_ERROR, e, "%s", e));
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }

  /** The client's 24-byte preface, then a SETTINGS frame first (RFC 9113 section 3.4). */
  private boolean readPreface(ByteBuf in) throws Http2Exception {
    int length = PREFACE.readableBytes();
    int compared = Math.min(length, in.readableBytes());
    if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), compared)) {
      throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "not the HTTP/2 connection preface");
    }
    if (in.readableBytes() < length + Http2CodecUtil.FRAME_HEADER_LENGTH) {
      return false;
    }
    if (in.getByte(in.readerIndex() + length + 3) != Http2FrameTypes.SETTINGS) {
      throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "the client's first frame must be SETTINGS");
    }
    in.skipBytes(length);
    prefaceRead = true;
    return true;
  }

  /** The read is over: the streams that asked hear so, then everything written meanwhile goes. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    streams.readComplete();
    flush(ctx);
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    flow.channelWritabilityChanged();
    super.channelWritabilityChanged(ctx);
  }

  /** {@code Upgrade: h2c} done ({@link H2cUpgrade}): the request that asked for it is stream 1's. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof HttpServerUpgradeHandler.UpgradeEvent upgrade) {
      try {
        streams.upgraded(upgrade.upgradeRequest());
      } finally {
        upgrade.release();
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failed = true; // what is still buffered is not read
    streams.connectionClosed();
    reader.close();
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    reader.close();
  }

  /** At once with at most one stream open; otherwise once per turn of the event loop (see the class comment). */
  void flush(ChannelHandlerContext ctx) {
    if (streams.openStreams() <= 1) {
      ctx.flush();
    } else if (!flushQueued) {
      flushQueued = true;
      if (deferredFlush == null) { // made once per connection that has concurrent streams
        deferredFlush = () -> {
          flushQueued = false;
          ctx.flush();
        };
      }
      ctx.executor().execute(deferredFlush);
    }
  }

  /** GOAWAY naming the last stream the gateway took (streams after it are never processed), flushed. */
  ChannelFuture goAway() {
    int last = streams.lastStreamId();
    streams.goAwaySent(last);
    ChannelFuture sent = frames.writeGoAway(ctx, last, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
        ctx.newPromise());
    ctx.flush();
    return sent;
  }

  void windowUpdate(int streamId, int increment) {
    frames.writeWindowUpdate(ctx, streamId, increment, ctx.voidPromise());
  }

  /** RST_STREAM, unless the gateway has reset too many streams lately (then the connection ends). */
  void writeReset(int streamId, Http2Error error) {
    if (failed) {
      return;
    }
    try {
      limits.gatewayReset();
    } catch (Http2Exception e) {
      connectionError(e);
      return;
    }
    ChannelPromise promise = controlFrame();
    if (promise != null) {
      frames.writeRstStream(ctx, streamId, error.code(), promise);
    }
  }

  /** A promise for a control frame, or null: too many wait for a client that does not read ({@link Http2FloodLimits}). */
  private ChannelPromise controlFrame() {
    ChannelPromise promise = limits.controlFrame(ctx);
    if (promise == null) {
      failed = true;
    }
    return promise;
  }

  /** A stream the client broke the protocol on: reset (a header list over the limit is answered 431 first). */
  private void streamError(Http2Exception.StreamException e) {
    ExchangeLog.closing(ctx.channel(), e);
    int id = e.streamId();
    if (e instanceof Http2Exception.HeaderListSizeException tooLarge && tooLarge.duringDecode()
        && streams.stream(id) == null && id > streams.lastStreamId() && (id & 1) == 1) {
      answerHeadersTooLarge(id);
      return;
    }
    streams.reset(id, e.error());
  }

  /**
   * 431 with a JSON body on a stream whose header list passed the limit (Netty's decoder has read
   * the whole block, so HPACK's table stays right); then RST_STREAM NO_ERROR, since the client may
   * still be sending a body nobody reads (RFC 9113 section 8.1). Checked by
   * {@code Http2AbuseTest} with the default windows, and with a closed one for what is dropped.
   */
  private void answerHeadersTooLarge(int id) {
    Http2StreamState answer = streams.openForAnswer(id);
    GatewayError error = new GatewayError(431, Status.Code.INVALID_ARGUMENT,
        "request headers are larger than the limit of " + options.maxHeaderListSize() + " bytes",
        Reasons.HEADERS_TOO_LARGE);
    ByteBuf body = ctx.alloc().buffer(128);
    errors.get().write(error, body);
    Http2Headers headers = new DefaultHttp2Headers()
        .status("431")
        .set(HttpHeaderNames.CONTENT_TYPE, Responses.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    flow.writeHeaders(answer, headers, false, ctx.newPromise());
    flow.writeData(answer, body, true, ctx.newPromise());
    // What the client's window did not let go is dropped with the reset, as Netty's handler did.
    streams.reset(id, Http2Error.NO_ERROR);
  }

  /**
   * GOAWAY with the error, then a close, which lingers: the client may still be sending (the rest
   * of a frame over the size limit), and a close with input unread makes the kernel reset the
   * connection, destroying the GOAWAY before the client reads it.
   */
  private void connectionError(Http2Exception e) {
    if (failed) {
      return;
    }
    failed = true;
    ExchangeLog.closing(ctx.channel().remoteAddress(), e);
    if (ctx.pipeline().get(LINGER) == null) {
      ctx.pipeline().addBefore(ctx.name(), LINGER, LingeringClose.onClose());
    }
    ByteBuf debug = ByteBufUtil.writeUtf8(ctx.alloc(), String.valueOf(e.getMessage()));
    frames.writeGoAway(ctx, streams.lastStreamId(), e.error().code(), debug, ctx.newPromise())
        .addListener(ChannelFutureListener.CLOSE);
    ctx.flush();
  }

  /** The client's settings (acknowledged first, so the client's next frames meet them). */
  private void applySettings(Http2Settings settings) throws Http2Exception {
    Long tableSize = settings.headerTableSize();
    if (tableSize != null) {
      frames.headersConfiguration().maxHeaderTableSize(tableSize);
    }
    Long listSize = settings.maxHeaderListSize();
    if (listSize != null) {
      frames.headersConfiguration().maxHeaderListSize(listSize);
    }
    Integer frameSize = settings.maxFrameSize();
    if (frameSize != null) {
      frames.configuration().frameSizePolicy().maxFrameSize(frameSize);
    }
    Integer window = settings.initialWindowSize();
    if (window != null) {
      flow.initialWindow(window);
    }
  }

  /** The client's SETTINGS: acknowledged, then applied; the first completes its preface. */
  void settingsRead(Http2Settings settings) throws Http2Exception {
    ChannelPromise promise = controlFrame();
    if (promise == null) {
      return;
    }
    frames.writeSettingsAck(ctx, promise);
    applySettings(settings);
    if (!prefaceReceived) {
      prefaceReceived = true;
      streams.prefaceReceived();
    }
  }

  /** The client's PING: answered with its 8 bytes (RFC 9113 section 6.7). */
  void pingRead(long data) {
    ChannelPromise promise = controlFrame();
    if (promise != null) {
      frames.writePing(ctx, true, data, promise);
    }
  }

}
