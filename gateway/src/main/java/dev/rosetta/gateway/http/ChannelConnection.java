package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * What every {@link ExchangeConnection} on a Netty channel does alike: what a message read means
 * ({@link #handleRead}: a head, body content, or a body the decoders gave up on), and what it
 * answers from its handler context (the allocator, the event loop, the client's address,
 * writability). The framing (HTTP/1.1's {@link Http1ConnectionHandler}, an HTTP/2 stream's
 * {@link Http2StreamHandler}) is the subclass's. Confined to the channel's event loop.
 */
abstract class ChannelConnection extends ChannelInboundHandlerAdapter implements ExchangeConnection {
  protected ChannelHandlerContext ctx;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Hands a message read to its step and releases it: a request head to {@link #onRequest}, then
   * (a full request is both) its content to {@link #onContent} while the body is being read, or
   * to {@link #onBrokenBody} when a decoder failed on it (a malformed chunk, a body that does not
   * decompress).
   */
  protected final void handleRead(Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        onRequest(request);
      }
      if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
        onBrokenBody(content.decoderResult().cause());
      } else if (msg instanceof HttpContent content && readingBody()) {
        onContent(content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  protected abstract void onRequest(HttpRequest request);

  /** A chunk of the body being read (not retained by the caller). */
  protected abstract void onContent(HttpContent content);

  protected abstract void onBrokenBody(Throwable cause);

  /** Between a request's head and its last content: content read now is its body. */
  protected abstract boolean readingBody();

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public EventExecutor executor() {
    return ctx.executor();
  }

  /** The client's address (an HTTP/2 stream's channel gives its connection's). */
  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }
}
