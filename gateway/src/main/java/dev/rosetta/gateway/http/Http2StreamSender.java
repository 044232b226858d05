package dev.rosetta.gateway.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The response side of one HTTP/2 stream, for its {@link Http2StreamConnection}: each part of the
 * response as the stream's frames ({@link Http2StreamCodec}), through the stream's compressor when
 * it has one, and the send clock ({@code --http2-send-timeout}).
 *
 * <p>The send clock runs while some write of the response has not completed (the client's
 * flow-control window is closed, or the connection's buffer is full), and calls {@code onStall}
 * when none has for the whole timeout. Armed only by a write that does not complete at once, so
 * a response that leaves at once (most) schedules nothing. On the connection's event loop.
 */
final class Http2StreamSender {
  private final Http2Streams streams;
  private final ChannelHandlerContext ctx;
  private final int id;
  private final long timeoutNanos;
  private final Runnable onStall;
  private int pendingWrites;
  private long lastProgress;
  private ScheduledFuture<?> timer;
  /** For every write that could not complete at once: made once per stream that has one, not per write. */
  private ChannelFutureListener progress;

  Http2StreamSender(Http2Streams streams, ChannelHandlerContext ctx, int id, long timeoutNanos, Runnable onStall) {
    this.streams = streams;
    this.ctx = ctx;
    this.id = id;
    this.timeoutNanos = timeoutNanos;
    this.onStall = onStall;
  }

  /** {@code msg} as frames of the stream, through {@code compression} unless null; not flushed. */
  ChannelFuture send(HttpObject msg, StreamCompression compression) {
    ChannelPromise promise = ctx.newPromise();
    if (compression == null) {
      Http2StreamCodec.encode(ctx, streams.encoder(), id, msg, promise);
      return promise;
    }
    List<Object> parts = new ArrayList<>(3);
    compression.outbound(msg, parts::add);
    if (parts.isEmpty()) {
      return promise.setSuccess();
    }
    for (int i = 0; i < parts.size(); i++) {
      Http2StreamCodec.encode(ctx, streams.encoder(), id, (HttpObject) parts.get(i),
          i == parts.size() - 1 ? promise : ctx.newPromise());
    }
    return promise;
  }

  /** The send clock follows {@code write} when it cannot complete at once. */
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

  /** The stream is over: the send clock stops. */
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
