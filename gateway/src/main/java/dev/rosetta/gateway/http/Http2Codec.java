package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import java.util.function.Supplier;

/**
 * Netty's HTTP/2 connection handler for one client connection, with every limit of
 * {@link ProtocolOptions.Http2} set explicitly (docs/limits.md). Its frame listener is the
 * connection's {@link Http2Streams}, which gets each frame's fields straight from the decoder:
 * no frame objects, no per-stream channel (what those cost: docs/benchmarks.md, "HTTP/2 on the
 * floor server"). Two changes to Netty's behaviour: a request whose header list passes the limit
 * is answered 431 with the JSON {@code google.rpc.Status} every other refusal carries, where
 * Netty sends a bare 431 header block; and a connection error's close lingers.
 *
 * <p>What Netty enforces for us: SETTINGS_MAX_CONCURRENT_STREAMS (streams over it are refused
 * with RST_STREAM), the header list size (a quarter over it closes the connection), the frame
 * size, flow control, rapid reset (RST_STREAM frames per window), CONTINUATION floods (small
 * CONTINUATION frames per header block), runs of empty DATA frames, and control frames (SETTINGS
 * and PING acks, resets) queued for a client that does not read: each breach closes the
 * connection with GOAWAY. A stream error (a malformed request) resets that stream only.
 *
 * <p>Three choices for the cost per request (issue 14: HTTP/2 should not cost more CPU per request
 * than HTTP/1.1):
 * <ul>
 *   <li><b>HPACK</b>: {@code x-request-id} is new on every response, so indexing it would only
 *       evict the fields that do repeat (content type, metadata) from the dynamic table, and cost
 *       an insertion and an eviction per response. It is sent as a literal never indexed.
 *   <li><b>Flushes</b>: the streams of one connection are answered when their backend calls
 *       close, each on a read of a backend channel, not of this connection, so Netty's own
 *       batching of the streams' flushes (within the connection's read) does not apply. While
 *       other streams are open, a stream's flush is put off to the end of the event loop's
 *       current turn, where one {@code writev} carries every answer made meanwhile (100
 *       concurrent streams: one write per request before). A connection with one stream open
 *       flushes at once, as HTTP/1.1 does: deferring would only add a task.
 *   <li><b>Flow control</b>: the streams share the client's window in turn, without the
 *       priority tree (see {@link Builder}).
 * </ul>
 */
final class Http2Codec extends Http2ConnectionHandler {
  /** Header fields whose value is new on every response: never worth an HPACK table entry. */
  private static final Http2HeadersEncoder.SensitivityDetector UNIQUE_PER_RESPONSE =
      (name, value) -> ExchangeRecord.REQUEST_ID_HEADER.contentEqualsIgnoreCase(name);

  /** The window every connection starts with (RFC 9113 section 6.9.2). */
  private static final int DEFAULT_WINDOW = 65_535;

  private static final String LINGER = "h2-linger";

  private final int maxHeaderListSize;
  private final int connectionWindow;
  private final Supplier<ErrorBody> errors;
  private Http2Streams streams;
  private ChannelHandlerContext ctx;
  /** A deferred flush is queued on the event loop (at most one per connection). */
  private boolean flushQueued;
  private Runnable deferredFlush;

  private Http2Codec(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
      int maxHeaderListSize, int connectionWindow, Supplier<ErrorBody> errors) {
    super(decoder, encoder, settings, true, true);
    this.maxHeaderListSize = maxHeaderListSize;
    this.connectionWindow = connectionWindow;
    this.errors = errors;
  }

  /**
   * A handler for a new server connection whose streams are {@code shared}'s. {@code close()}
   * closes at once (the drain sends GOAWAY itself, then waits for the streams:
   * {@link Http2ConnectionLifecycle}).
   */
  static Http2Codec create(Http2Initializer shared) {
    return new Builder(shared).build();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx); // sends the SETTINGS of the connection preface
    this.ctx = ctx;
    streams.bind(ctx);
    if (connectionWindow > DEFAULT_WINDOW) {
      // SETTINGS set a stream's window only: the connection's grows by a WINDOW_UPDATE on stream 0.
      connection().local().flowController().incrementWindowSize(connection().connectionStream(),
          connectionWindow - DEFAULT_WINDOW);
      flush(ctx);
    }
  }

  /** The streams hear the read is over before its flush (Http2ConnectionHandler flushes after each read). */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    streams.readComplete();
    super.channelReadComplete(ctx);
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
    super.channelInactive(ctx); // closes the streams
    streams.connectionClosed();
  }

  /** At once with at most one stream open; otherwise once per turn of the event loop (see the class comment). */
  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (connection().numActiveStreams() <= 1) {
      super.flush(ctx);
    } else if (!flushQueued) {
      flushQueued = true;
      if (deferredFlush == null) { // made once per connection that has concurrent streams
        deferredFlush = () -> {
          flushQueued = false;
          super.flush(ctx);
        };
      }
      ctx.executor().execute(deferredFlush);
    }
  }

  /** GOAWAY naming the last stream the gateway took (streams after it were never processed), flushed. */
  ChannelFuture goAway() {
    ChannelFuture sent = goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(),
        Unpooled.EMPTY_BUFFER, ctx.newPromise());
    flush(ctx);
    return sent;
  }

  /**
   * A connection error ends the connection with GOAWAY, then a close, which lingers: the client
   * may still be sending (the rest of a frame over the size limit), and a close with input unread
   * makes the kernel reset the connection, destroying the GOAWAY before the client reads it.
   */
  @Override
  protected void onConnectionError(ChannelHandlerContext ctx, boolean outbound, Throwable cause, Http2Exception http2Ex) {
    if (!outbound) {
      ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    }
    if (ctx.pipeline().get(LINGER) == null) {
      ctx.pipeline().addBefore(ctx.name(), LINGER, LingeringClose.onClose());
    }
    super.onConnectionError(ctx, outbound, cause, http2Ex);
  }

  /** A stream the client broke the protocol on: logged, then Netty resets it (its close ends the exchange). */
  @Override
  protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
      Http2Exception.StreamException streamError) {
    if (!outbound) {
      ExchangeLog.closing(ctx.channel(), cause);
    }
    super.onStreamError(ctx, outbound, cause, streamError);
  }

  /**
   * 431 with a JSON body. The data is pushed out before Netty resets the stream right after this
   * (a reset drops what flow control still holds for the stream).
   */
  @Override
  protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
    GatewayError error = new GatewayError(431, Status.Code.INVALID_ARGUMENT,
        "request headers are larger than the limit of " + maxHeaderListSize + " bytes", Reasons.HEADERS_TOO_LARGE);
    ByteBuf body = ctx.alloc().buffer(128);
    errors.get().write(error, body);
    Http2Headers headers = new DefaultHttp2Headers()
        .status("431")
        .set(HttpHeaderNames.CONTENT_TYPE, Responses.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    encoder().writeHeaders(ctx, stream.id(), headers, 0, false, ctx.newPromise());
    encoder().writeData(ctx, stream.id(), body, 0, true, ctx.newPromise());
    try {
      encoder().flowController().writePendingBytes();
    } catch (Http2Exception e) {
      onError(ctx, true, e);
    }
  }

  /** Netty's builder with the gateway's limits, building an {@link Http2Codec}. */
  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2Codec, Builder> {
    private final Http2Initializer shared;
    private final ProtocolOptions.Http2 options;

    Builder(Http2Initializer shared) {
      this.shared = shared;
      this.options = shared.options().protocols().http2();
      // A server connection whose streams share the client's window in turn
      // (UniformStreamByteDistributor) rather than by the priority tree Netty keeps by default:
      // RFC 9113 deprecates the priority scheme, and the tree costs objects and priority-queue
      // work on every stream opened and closed.
      DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
      connection.remote().flowController(
          new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
      connection(connection);
      gracefulShutdownTimeoutMillis(0);
      initialSettings(new Http2Settings()
          .maxConcurrentStreams(options.maxConcurrentStreams())
          .maxHeaderListSize(options.maxHeaderListSize())
          .maxFrameSize(options.maxFrameSize())
          .initialWindowSize(options.initialStreamWindow()));
      validateHeaders(true);
      headerSensitivityDetector(UNIQUE_PER_RESPONSE);
      decoupleCloseAndGoAway(true);
      int window = (int) ProtocolOptions.Http2.RESET_WINDOW.toSeconds();
      decoderEnforceMaxRstFramesPerWindow(options.maxResetsPerWindow(), window);
      // The gateway's own resets (send timeouts, early answers) are bounded alike.
      encoderEnforceMaxRstFramesPerWindow(options.maxResetsPerWindow(), window);
      encoderEnforceMaxQueuedControlFrames(ProtocolOptions.Http2.MAX_QUEUED_CONTROL_FRAMES);
      decoderEnforceMaxSmallContinuationFrames(ProtocolOptions.Http2.MAX_SMALL_CONTINUATION_FRAMES);
      decoderEnforceMaxConsecutiveEmptyDataFrames(ProtocolOptions.Http2.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES);
    }

    /** Netty's method is protected in its own package: declared again so that {@link #create} may call it. */
    @Override
    protected Http2Codec build() {
      return super.build();
    }

    @Override
    protected Http2Codec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings initialSettings) {
      Http2Codec codec = new Http2Codec(decoder, encoder, initialSettings, options.maxHeaderListSize(),
          options.connectionWindow(), () -> shared.dispatcher().engine().errors());
      codec.streams = new Http2Streams(shared, codec);
      decoder.frameListener(codec.streams);
      return codec;
    }
  }
}
