package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * What every {@link ExchangeConnection} on a Netty channel does alike: what a message read means
 * ({@link #handleRead}: a head, body content, or a body the decoders gave up on), starting the
 * exchange ({@link #started}), leaving the drain's count once answered ({@link #answered}), and
 * what it answers from its handler context (the allocator, the event loop, the client's address,
 * writability). The framing (HTTP/1.1's {@link Http1ConnectionHandler}, an HTTP/2 stream's
 * {@link Http2StreamConnection}) is the subclass's. Confined to the channel's event loop.
 *
 * <p>A handler because HTTP/1.1's connection is one; an HTTP/2 stream has no pipeline of its own
 * (a child channel per stream cost too much CPU: {@link Http2Streams}), so its connection is never
 * added to one: it is {@link #bind bound} to the context of its connection's handler
 * ({@link Http2Codec}), and uses none of the handler methods.
 */
abstract class ChannelConnection extends ChannelInboundHandlerAdapter implements ExchangeConnection {
  protected final Drain drain;
  protected ChannelHandlerContext ctx;
  /** The head of the request being served. */
  protected HttpRequest head;
  /** The exchange serving the request: null until it is started, and again once it is answered. */
  protected Exchange exchange;
  /** A response for the current request is still to be written (it counts in the drain). */
  protected boolean awaitingResponse;
  /**
   * Between a request's head and its last content: content read now is its body (handed to the
   * exchange, or dropped once answered).
   */
  protected boolean readingRequest;

  protected ChannelConnection(Drain drain) {
    this.drain = drain;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    bind(ctx);
  }

  /** The context this connection writes to and answers from. */
  protected final void bind(ChannelHandlerContext ctx) {
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
      } else if (msg instanceof HttpContent content && readingRequest) {
        onContent(content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  protected abstract void onRequest(HttpRequest request);

  /**
   * Records the exchange and starts it; unless it answered at once (no backend), answers
   * {@code Expect: 100-continue} and lets the subclass hand it what was read meanwhile
   * ({@link #onStarted}).
   */
  @Override
  public final void started(Exchange started) {
    exchange = started;
    started.start();
    if (exchange != started) {
      return; // answered at once (no backend)
    }
    if (HttpUtil.is100ContinueExpected(head)) {
      sendContinue();
    }
    onStarted(started);
  }

  /** Answers {@code Expect: 100-continue} with an interim response. */
  protected void sendContinue() {
    ctx.writeAndFlush(Responses.continue100());
  }

  /** The exchange {@code started} runs: the body read while it was being decided goes to it, and reading goes on. */
  protected abstract void onStarted(Exchange started);

  /** The current request needs no more answer: it leaves the drain's count. */
  protected void answered() {
    exchange = null;
    if (awaitingResponse) {
      awaitingResponse = false;
      drain.finished();
    }
  }

  /** A chunk of the body being read (not retained by the caller). */
  protected abstract void onContent(HttpContent content);

  protected abstract void onBrokenBody(Throwable cause);

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
