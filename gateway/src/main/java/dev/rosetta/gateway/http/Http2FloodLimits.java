package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * The limits against HTTP/2 floods that the protocol itself does not bound, each breach closing
 * the connection with GOAWAY ENHANCE_YOUR_CALM (docs/limits.md); the counts and values are those
 * of Netty's {@code Http2ConnectionHandler} builder options, which the gateway set explicitly
 * before its connection layer replaced Netty's:
 * <ul>
 *   <li>RST_STREAM frames from the client in {@link ProtocolOptions.Http2#RESET_WINDOW} (rapid
 *       reset, CVE-2023-44487), and those the client makes the gateway send ("MadeYouReset",
 *       CVE-2025-55163: malformed frames, early answers, send timeouts), each
 *       {@code --http2-max-resets};
 *   <li>empty DATA frames without END_STREAM in a row;
 *   <li>control frames (SETTINGS and PING acks, RST_STREAM) queued for a client that does not
 *       read: there a GOAWAY would only queue behind them, so the connection is closed at once.
 * </ul>
 * Small CONTINUATION frames per header block are counted by Netty's frame reader. One per
 * connection ({@link Http2Codec}), on its event loop.
 */
final class Http2FloodLimits {
  private static final long RESET_WINDOW_NANOS = ProtocolOptions.Http2.RESET_WINDOW.toNanos();

  private final int maxResets;
  private final ResetCounter clientResets;
  private final ResetCounter gatewayResets;
  private int emptyDataInRow;
  private int queuedControlFrames;
  private final ChannelFutureListener controlFrameWritten = f -> queuedControlFrames--;

  Http2FloodLimits(ProtocolOptions.Http2 options) {
    this.maxResets = options.maxResetsPerWindow();
    this.clientResets = new ResetCounter(maxResets);
    this.gatewayResets = new ResetCounter(maxResets);
  }

  /** A DATA frame: runs of empty ones that do not end the stream are bounded; anything else ends a run. */
  void data(ByteBuf data, boolean endOfStream) throws Http2Exception {
    if (endOfStream || data.isReadable()) {
      emptyDataInRow = 0;
    } else if (++emptyDataInRow > ProtocolOptions.Http2.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES) {
      throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "more than %d empty DATA frames in a row",
          ProtocolOptions.Http2.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES);
    }
  }

  /** A HEADERS frame ends a run of empty DATA frames. */
  void headers() {
    emptyDataInRow = 0;
  }

  /** A RST_STREAM from the client. */
  void clientReset() throws Http2Exception {
    if (!clientResets.allow()) {
      throw tooMany("RST_STREAM frames");
    }
  }

  /** A RST_STREAM the gateway is about to send. */
  void gatewayReset() throws Http2Exception {
    if (!gatewayResets.allow()) {
      throw tooMany("streams reset by the gateway (malformed frames, early answers)");
    }
  }

  private Http2Exception tooMany(String what) {
    return Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "more than %d %s in %d s", maxResets, what,
        ProtocolOptions.Http2.RESET_WINDOW.toSeconds());
  }

  /**
   * A promise for a control frame, counted until the socket takes it; null once too many wait
   * for a client that does not read, and the connection has been closed.
   */
  ChannelPromise controlFrame(ChannelHandlerContext ctx) {
    if (queuedControlFrames >= ProtocolOptions.Http2.MAX_QUEUED_CONTROL_FRAMES) {
      ctx.flush(); // what the socket takes now is no longer queued
    }
    if (queuedControlFrames >= ProtocolOptions.Http2.MAX_QUEUED_CONTROL_FRAMES) {
      if (ctx.channel().isActive()) {
        ExchangeLog.closing(ctx.channel().remoteAddress(), "more than " + ProtocolOptions.Http2.MAX_QUEUED_CONTROL_FRAMES
            + " HTTP/2 control frames queued for a client that does not read");
        ctx.close();
      }
      return null;
    }
    queuedControlFrames++;
    return ctx.newPromise().addListener(controlFrameWritten);
  }

  /** Resets within the window, as Netty counts them: the window starts at the first reset after the last one ended. */
  private static final class ResetCounter {
    private final int max;
    private long windowStart;
    private int count;

    ResetCounter(int max) {
      this.max = max;
    }

    /** False past the limit; a limit of 0 counts nothing. */
    boolean allow() {
      if (max == 0) {
        return true;
      }
      long now = System.nanoTime();
      if (count == 0 || now - windowStart >= RESET_WINDOW_NANOS) {
        windowStart = now;
        count = 1;
        return true;
      }
      return ++count <= max;
    }
  }
}
