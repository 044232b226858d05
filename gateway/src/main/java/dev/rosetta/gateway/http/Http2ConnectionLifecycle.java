package dev.rosetta.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What an HTTP/2 connection does as a whole, beside its streams: it opens the connection's
 * receive window to its configured size, closes the connection after {@code --idle-timeout} with
 * no stream open, and on a graceful drain ({@link Drain#DRAINING}) sends GOAWAY at once (the
 * client opens no new stream on it) and closes once the streams in flight are done. Sits last in
 * the connection's pipeline, after Netty's frame codec ({@link Http2Codec}) and the streams'
 * {@link Http2Streams}; one per connection, on its event loop.
 *
 * <p>The idle clock is one timer at most, which on firing compares the time the last stream
 * closed with its limit and sleeps again for what is left, as {@link ConnectionTimeouts} does:
 * streams never schedule or cancel it.
 */
final class Http2ConnectionLifecycle extends ChannelInboundHandlerAdapter {
  /** The window every connection starts with (RFC 9113 section 6.9.2). */
  private static final int DEFAULT_WINDOW = 65_535;

  private final Http2Connection connection;
  private final int connectionWindow;
  private final long idleTimeoutNanos;
  private ChannelHandlerContext ctx;
  private long idleSince;
  private ScheduledFuture<?> idleTimer;
  private boolean goingAway;

  Http2ConnectionLifecycle(Http2Codec codec, int connectionWindow, long idleTimeoutNanos) {
    this.connection = codec.connection();
    this.connectionWindow = connectionWindow;
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    connection.addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        if (connection.numActiveStreams() == 0) {
          idleSince = System.nanoTime();
          if (goingAway) {
            // The last frames of the last stream are written but maybe not flushed yet.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
          }
        }
      }
    });
    if (connectionWindow > DEFAULT_WINDOW) {
      // A window update on no stream: the connection's (Http2FrameCodec sends it after its SETTINGS).
      ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(connectionWindow - DEFAULT_WINDOW));
    }
    idleSince = System.nanoTime();
    if (idleTimeoutNanos > 0) {
      idleTimer = ctx.executor().schedule(this::idleClock, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
    // The connection was handed over in the middle of HTTP/1.1 reading; HTTP/2 reads on by itself
    // from here (Http2ConnectionHandler asks for the next read after each one).
    ctx.read();
  }

  private void idleClock() {
    idleTimer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long left = connection.numActiveStreams() > 0 ? idleTimeoutNanos : idleSince + idleTimeoutNanos - System.nanoTime();
    if (left > 0) {
      idleTimer = ctx.executor().schedule(this::idleClock, left, TimeUnit.NANOSECONDS);
      return;
    }
    ExchangeLog.closing(ctx.channel().remoteAddress(), "HTTP/2 connection idle for "
        + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms");
    ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).addListener(ChannelFutureListener.CLOSE);
  }

  /** SETTINGS, PING and GOAWAY frames, which the codec has acted on already, end here. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == Drain.DRAINING && !goingAway && ctx.channel().isActive()) {
      goingAway = true;
      // GOAWAY names the last stream the gateway took: streams after it were never processed, and
      // the client may retry them elsewhere.
      ChannelFuture sent = ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
      if (connection.numActiveStreams() == 0) {
        sent.addListener(ChannelFutureListener.CLOSE);
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
      ctx.close(); // an I/O error: the client's
    }
    // A protocol error: the codec tells the handlers after it first, then sends GOAWAY and closes.
  }
}
