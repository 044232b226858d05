package dev.rosetta.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What an HTTP/2 connection does as a whole, beside its streams: it closes the connection after
 * {@code --idle-timeout} with no stream open, and on a graceful drain ({@link Drain#DRAINING})
 * sends GOAWAY at once (the client opens no new stream on it) and closes once the streams in
 * flight are done. Sits last in the connection's pipeline, after its {@link Http2Codec}; one per
 * connection, on its event loop.
 *
 * <p>The idle clock is one timer at most, which on firing compares the time the last stream
 * closed with its limit and sleeps again for what is left, as {@link ConnectionTimeouts} does:
 * streams never schedule or cancel it.
 */
final class Http2ConnectionLifecycle extends ChannelInboundHandlerAdapter {
  private final Http2Codec codec;
  private final Http2Streams streams;
  private final long idleTimeoutNanos;
  private ChannelHandlerContext ctx;
  private long idleSince;
  private ScheduledFuture<?> idleTimer;
  private boolean goingAway;

  Http2ConnectionLifecycle(Http2Codec codec, long idleTimeoutNanos) {
    this.codec = codec;
    this.streams = codec.streams();
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    streams.whenIdle(() -> {
      idleSince = System.nanoTime();
      if (goingAway) {
        // The last frames of the last stream are written but maybe not flushed yet.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    });
    idleSince = System.nanoTime();
    if (idleTimeoutNanos > 0) {
      idleTimer = ctx.executor().schedule(this::idleClock, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
    // The connection was handed over in the middle of HTTP/1.1 reading; HTTP/2 reads on by itself
    // from here (the codec, a ByteToMessageDecoder, asks for the next read after each one).
    ctx.read();
  }

  private void idleClock() {
    idleTimer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long left = streams.openStreams() > 0 ? idleTimeoutNanos : idleSince + idleTimeoutNanos - System.nanoTime();
    if (left > 0) {
      idleTimer = ctx.executor().schedule(this::idleClock, left, TimeUnit.NANOSECONDS);
      return;
    }
    ExchangeLog.closing(ctx.channel().remoteAddress(), "HTTP/2 connection idle for "
        + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms");
    codec.goAway().addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == Drain.DRAINING && !goingAway && ctx.channel().isActive()) {
      goingAway = true;
      // GOAWAY names the last stream the gateway took: streams after it were never processed, and
      // the client may retry them elsewhere.
      ChannelFuture sent = codec.goAway();
      if (streams.openStreams() == 0) {
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

  /** An I/O error, the client's (the codec keeps HTTP/2's own errors: {@link Http2Codec}). */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
