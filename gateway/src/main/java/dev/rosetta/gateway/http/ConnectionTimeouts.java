package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two clocks of one connection (see docs/limits.md):
 *
 * <ul>
 *   <li><b>request read timeout</b>: from the first byte of a request until its last body byte.
 *       A client that dribbles its head or body (slowloris) is answered 408 and dropped however
 *       often it sends a byte, which a plain read-idle timer would not do.
 *   <li><b>idle timeout</b>: a connection with no request being read and none waiting for its
 *       response is closed. A slow backend call never counts as idle.
 * </ul>
 *
 * <p>It needs two vantage points, hence two handlers sharing this state: {@link #rawSide()} sits
 * before {@link RequestDecoder} and sees bytes arrive; {@link #messageSide()} sits after it and
 * sees request heads, request ends and responses. All on the channel's event loop.
 *
 * <p>Requests only note the time; they never schedule or cancel a timer. Each clock has at most
 * one timer pending, which on firing compares the time noted with its limit and sleeps again for
 * what is left (as Netty's IdleStateHandler does). Scheduling and cancelling two timers per
 * request cost more than the clocks themselves on a keep-alive connection.
 */
final class ConnectionTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.http");

  private final long readTimeoutNanos;
  private final long idleTimeoutNanos;
  private final Supplier<Engine> engines;
  /** Requests whose head was decoded and whose final response is not yet written. */
  private int inFlight;
  /** Bytes of a request arrived and its end has not been decoded yet. */
  private boolean reading;
  /** The head of the request being read was decoded (only its body is missing). */
  private boolean headDecoded;
  /** {@link System#nanoTime} when the request being read sent its first byte. */
  private long readSince;
  /** {@link System#nanoTime} when the connection last had nothing to read or answer. */
  private long idleSince;
  /** Pending, it fires at or before the read deadline of any request being read. */
  private ScheduledFuture<?> readTimer;
  /** Pending, it fires at or before the idle deadline of an idle connection. */
  private ScheduledFuture<?> idleTimer;
  /** The message side's context: a 408 is written from there, past the handlers after it (compression). */
  private ChannelHandlerContext messages;

  ConnectionTimeouts(Duration readTimeout, Duration idleTimeout, Supplier<Engine> engines) {
    this.readTimeoutNanos = readTimeout.toNanos();
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.engines = engines;
  }

  ChannelHandler rawSide() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        armIdle(ctx);
        ctx.fireChannelActive();
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable() && !reading) {
          reading = true;
          headDecoded = false;
          readSince = System.nanoTime();
          if (readTimeoutNanos > 0 && readTimer == null) {
            readTimer = ctx.executor().schedule(() -> readClock(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
          }
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancelRead();
        cancelIdle();
        ctx.fireChannelInactive();
      }

      /** The connection turned to HTTP/2, which keeps its own clocks. */
      @Override
      public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelRead();
        cancelIdle();
      }
    };
  }

  ChannelHandler messageSide() {
    return new ChannelDuplexHandler() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        messages = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          inFlight++;
          headDecoded = true;
        }
        if (msg instanceof LastHttpContent) {
          reading = false;
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response && response.status().code() < 200;
        if (msg instanceof LastHttpContent && !informational && inFlight > 0) {
          inFlight--;
          if (inFlight == 0 && !reading) {
            armIdle(ctx);
          }
        }
        ctx.write(msg, promise);
      }
    };
  }

  private void readClock(ChannelHandlerContext ctx) {
    readTimer = null;
    if (!reading || !ctx.channel().isActive()) {
      return;
    }
    long left = readSince + readTimeoutNanos - System.nanoTime();
    if (left > 0) {
      readTimer = ctx.executor().schedule(() -> readClock(ctx), left, TimeUnit.NANOSECONDS);
      return;
    }
    LOG.debug("{}: request not received within {} ms, closing", ctx.channel().remoteAddress(),
        TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
    if (inFlight == 0 && !headDecoded) {
      // Nothing else is due on this connection, so a 408 cannot overtake another response.
      var response = Responses.error(ctx.alloc(), engines.get().errors(), RequestErrors.timeout(readTimeoutNanos));
      HttpUtil.setKeepAlive(response, false);
      (messages != null ? messages.writeAndFlush(response) : ctx.channel().writeAndFlush(response))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  /** The connection has nothing to read or answer from now on. */
  private void armIdle(ChannelHandlerContext ctx) {
    idleSince = System.nanoTime();
    if (idleTimeoutNanos > 0 && idleTimer == null) {
      idleTimer = ctx.executor().schedule(() -> idleClock(ctx), idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void idleClock(ChannelHandlerContext ctx) {
    idleTimer = null;
    if (inFlight > 0 || reading || !ctx.channel().isActive()) {
      return; // busy: the next armIdle starts the clock again
    }
    long left = idleSince + idleTimeoutNanos - System.nanoTime();
    if (left > 0) {
      idleTimer = ctx.executor().schedule(() -> idleClock(ctx), left, TimeUnit.NANOSECONDS);
      return;
    }
    LOG.debug("{}: idle for {} ms, closing", ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
    ctx.close();
  }

  private void cancelRead() {
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }
}
