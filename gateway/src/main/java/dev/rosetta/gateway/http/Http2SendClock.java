package dev.rosetta.gateway.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The send clock of one HTTP/2 stream ({@code --http2-send-timeout}): runs while some write of
 * the stream's response has not completed (the client's flow-control window is closed, or the
 * connection's buffer is full), and calls {@code onStall} when none has for the whole timeout.
 * Armed only by a write that does not complete at once, so a response that leaves at once
 * (most) schedules nothing. Part of {@link Http2StreamConnection}; on the connection's event loop.
 */
final class Http2SendClock {
  private final ChannelHandlerContext ctx;
  private final long timeoutNanos;
  private final Runnable onStall;
  private int pendingWrites;
  private long lastProgress;
  private ScheduledFuture<?> timer;
  /** For every write that could not complete at once: made once per stream that has one, not per write. */
  private ChannelFutureListener progress;

  Http2SendClock(ChannelHandlerContext ctx, long timeoutNanos, Runnable onStall) {
    this.ctx = ctx;
    this.timeoutNanos = timeoutNanos;
    this.onStall = onStall;
  }

  /** Follows {@code write} when it cannot complete at once. */
  void follow(ChannelFuture write) {
    if (write.isDone()) {
      return;
    }
    if (pendingWrites++ == 0) {
      lastProgress = System.nanoTime();
    }
    if (progress == null) {
      progress = f -> {
        pendingWrites--;
        lastProgress = System.nanoTime();
      };
    }
    write.addListener(progress);
    if (timer == null && timeoutNanos > 0) {
      timer = ctx.executor().schedule(this::tick, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void tick() {
    timer = null;
    if (pendingWrites == 0 || !ctx.channel().isActive()) {
      return;
    }
    long left = lastProgress + timeoutNanos - System.nanoTime();
    if (left > 0) {
      timer = ctx.executor().schedule(this::tick, left, TimeUnit.NANOSECONDS);
      return;
    }
    onStall.run();
  }
}
