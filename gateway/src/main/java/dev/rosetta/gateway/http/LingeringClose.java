package dev.rosetta.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client may still be sending: an HTTP/1.1 body refused for its size,
 * an upload answered early, a connection turned away at the limit, an HTTP/2 connection ended by
 * GOAWAY for a frame too large.
 *
 * <p>Closing a socket with unread input makes the kernel answer with a reset, and a reset that
 * reaches the client before it has read the answer destroys the answer (the client sees "connection
 * reset" or no response at all, not the 413). So, once the answer is written, the write side is
 * shut (the client reads the answer, then end of stream), and what the client still sends is read
 * and dropped before any HTTP decoding, until it closes its side or {@link #LINGER_MILLIS} have
 * passed. This is the "lingering close" of RFC 9112 section 9.6 (nginx's {@code lingering_close}).
 */
final class LingeringClose {
  static final long LINGER_MILLIS = 1_000;
  private static final ChannelHandler DISCARD = new Discard();

  private LingeringClose() {}

  /** Lingers, then closes, once {@code written} (the last answer on the connection) is done. */
  static void after(ChannelFuture written) {
    written.addListener(f -> linger(written.channel()));
  }

  static void linger(Channel ch) {
    linger(ch, ch::close);
  }

  /** Lingers on {@code ch}, then runs {@code close}. */
  private static void linger(Channel ch, Runnable close) {
    if (!ch.isActive()) {
      close.run();
      return;
    }
    if (ch.pipeline().get(Discard.class) == null) {
      ch.pipeline().addFirst(DISCARD);
    }
    ch.eventLoop().schedule(close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    if (ch instanceof DuplexChannel duplex) {
      duplex.shutdownOutput();
    }
    ch.config().setAutoRead(true);
  }

  /**
   * A handler that turns the next close passing it into a lingering one: put before a codec
   * that closes the connection on its own (HTTP/2's GOAWAY after a connection error, when the
   * rest of an oversized frame is still unread).
   */
  static ChannelHandler onClose() {
    return new OnClose();
  }

  private static final class OnClose extends ChannelOutboundHandlerAdapter {
    private boolean lingering;

    /**
     * The first close lingers; every close, that one included, is done when the connection closes,
     * by the linger's end or by the client's. Netty closes twice after a connection error (once at
     * once, once when its GOAWAY is written), and a second close passed on would reset the
     * connection with the client's bytes unread, destroying the GOAWAY before the client read it
     * (a client still writing sees only the reset).
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
      ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
      if (!lingering) {
        lingering = true;
        linger(ctx.channel(), ctx::close);
      }
    }
  }

  /** First in the pipeline: input is dropped as bytes, undecoded; the client's end of stream closes. */
  @ChannelHandler.Sharable
  private static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      // auto-read is on; nothing to pass on
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof ChannelInputShutdownEvent) {
        ctx.close();
        return;
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a reset while lingering: the client is gone, as wanted
    }
  }
}
