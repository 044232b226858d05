package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 side of the exchange layer: the {@link ExchangeConnection} of one client
 * connection, serving its requests one at a time. Sits last in the pipeline, after the HTTP
 * decoder and {@link RequestGuard} ({@link GatewayInitializer}); runs on the connection's event
 * loop. Each request head goes to the {@link Dispatcher}; what is HTTP/1.1's alone stays here:
 * keep-alive and {@code Connection: close}, pipelining, 100-continue, chunked streamed responses,
 * skipping the body of a request answered early, the WebSocket handshake.
 *
 * <p>The channel runs with auto-read off, and this handler asks for more input only when it can
 * take it. It reads on while a backend call runs (else Netty drops and re-arms the socket's read
 * interest, two epoll_ctl calls per request); what is read meanwhile (pipelined requests), or
 * while a request's exchange is still being decided, waits in a queue, and nothing more is read
 * until it is handled. That gives pipelined requests their responses in order and bounds what a
 * connection buffers: one socket read, never more.
 */
final class Http1ConnectionHandler extends ChannelConnection {
  private final Dispatcher dispatcher;
  private final ServerOptions options;
  private final int maxBodyBytes;
  /** The exchange under way, for metrics, the access log, request ids and CORS. */
  private final ExchangeRecord record;
  private final PendingReads pending = new PendingReads();
  /** For {@link PendingReads#handOut}: made once per connection, not per request. */
  private final BooleanSupplier mayHandle = () -> !holdsReads() && this.ctx.channel().isActive();
  private final Consumer<Object> handler = this::handleRead;
  private boolean keepAlive = true;
  /** The client may still be sending a body that will not be read: close by {@link LingeringClose}. */
  private boolean inputLeft;

  Http1ConnectionHandler(Dispatcher dispatcher, ServerOptions options, ExchangeObserver observer, CorsPolicy cors,
      Drain drain) {
    super(drain);
    this.dispatcher = dispatcher;
    this.options = options;
    this.maxBodyBytes = options.maxBodyBytes();
    this.record = new ExchangeRecord(observer, cors, CompletedExchange.HTTP_1_1);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (holdsReads() || !pending.isEmpty()) {
      pending.add(msg); // waits its turn
      return;
    }
    handleRead(msg);
  }

  @Override
  protected void onRequest(HttpRequest request) {
    head = request;
    readingRequest = true;
    if (!awaitingResponse) {
      awaitingResponse = true;
      drain.started();
    }
    keepAlive = HttpUtil.isKeepAlive(request);
    inputLeft = false;
    record.begin(request, ctx.channel().remoteAddress());
    if (request.decoderResult().isFailure()) {
      keepAlive = false;
      fail(DecoderFailures.head(request.decoderResult().cause(), options));
      return;
    }
    dispatcher.dispatch(request, this, record);
  }

  @Override
  protected void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    record.addBytesIn(content.content().readableBytes());
    if (exchange != null && awaitingResponse) {
      if (!exchange.addContent(content.content())) {
        exchange.releaseBody();
        exchange = null;
        readingRequest = false;
        keepAlive = false; // the rest of the body is not read, so the connection cannot carry another request
        inputLeft = !last;
        fail(RequestErrors.tooLarge(maxBodyBytes));
        return;
      }
      if (last) {
        readingRequest = false;
        if (exchange != null) {
          exchange.endOfBody();
        } else {
          readNextIfReady(); // answered while the body was still coming (a refused upload message)
        }
      }
    } else if (last) {
      // The rest of a request already answered (an early error) has been skipped.
      readingRequest = false;
      readNextIfReady();
    }
  }

  /**
   * The decoder gave up inside a body (a malformed chunk size, a body that does not decompress):
   * answer 400 (or the decompressor's 413) unless the request was answered already, and close,
   * since the next request's start is unknown. A streamed upload's call is cancelled: it would
   * never see the end of its messages.
   */
  @Override
  protected void onBrokenBody(Throwable cause) {
    keepAlive = false;
    inputLeft = true;
    readingRequest = false;
    if (exchange != null) {
      Exchange broken = exchange;
      exchange = null;
      broken.abort();
    }
    if (awaitingResponse) {
      fail(DecoderFailures.body(cause));
    } else {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Reads on while a backend call runs, unless something waits in `pending` (class comment).
    if (pending.isEmpty() && (keepAlive || readingRequest) && (exchange == null || exchange.readsMore())) {
      ctx.read();
    }
    ctx.fireChannelReadComplete();
  }

  /**
   * What is read now waits in `pending`: the request is fully read and its backend call is under
   * way, or its exchange is not decided yet (an admission step answering later).
   */
  private boolean holdsReads() {
    return awaitingResponse && (!readingRequest || exchange == null);
  }

  @Override
  protected void onStarted(Exchange started) {
    if (!pending.isEmpty()) {
      readNextIfReady(); // body read while the exchange was being decided
    }
  }

  /** The 101 ends the HTTP exchange (one answered request); the session joins the drain itself. */
  @Override
  public void upgrade(RoutedRequest request) {
    readingRequest = false;
    answered();
    WebSocketUpgrade.upgrade(ctx, request, record, maxBodyBytes, drain);
  }

  @Override
  public void respond(FullHttpResponse response, Status.Code grpcCode, String reason) {
    answered();
    if (drain.draining()) {
      keepAlive = false; // shutting down: answer, then close (Connection: close)
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    if (!response.trailingHeaders().isEmpty()) {
      // Trailer fields (the client sent TE: trailers, ResponsePrinter) need the chunked coding.
      response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      HttpUtil.setTransferEncodingChunked(response, true);
    }
    record.addHeaders(response.headers());
    record.end(response.status().code(), grpcCode, response.content().readableBytes(), reason);
    if (!keepAlive) {
      closeAfter(ctx.writeAndFlush(response));
      return;
    }
    ctx.writeAndFlush(response);
    readNextIfReady();
  }

  @Override
  public void fail(GatewayError error) {
    if (readingRequest && error.httpStatus() == 413) {
      // The body is refused for its size: skipping it would cost what the limit protects, and
      // HTTP/1.1 has no way to not read it but to close.
      keepAlive = false;
    }
    ExchangeLog.outcome(head, error.httpStatus(), error.code(), error.reason(), error.message());
    respond(record.errorResponse(ctx.alloc(), dispatcher.engine().errors(), error), error.code(), error.reason());
  }

  @Override
  public void beginStream(HttpResponse response) {
    HttpUtil.setKeepAlive(response, keepAlive);
    HttpUtil.setTransferEncodingChunked(response, true);
    record.addHeaders(response.headers());
    ctx.write(response);
  }

  @Override
  public void writeChunk(HttpContent chunk) {
    ctx.writeAndFlush(chunk);
  }

  @Override
  public void endStream(LastHttpContent last, Status.Code grpcCode, String reason) {
    ChannelFuture written = ctx.writeAndFlush(last);
    answered();
    // Streamed bodies are not counted in bytes out; the status is the head's (200).
    record.end(200, grpcCode, 0, reason);
    if (!keepAlive || readingRequest) {
      // Unread request body (an upload answered early) would be taken for the next request.
      closeAfter(written);
      return;
    }
    readNextIfReady();
  }

  /** Closes once {@code written} is done, lingering if the client may still be sending. */
  private void closeAfter(ChannelFuture written) {
    if (readingRequest || inputLeft) {
      LingeringClose.after(written);
    } else {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void cutShort(Status.Code grpcCode, String reason) {
    answered();
    record.end(200, grpcCode, 0, reason);
    ctx.close();
  }

  @Override
  public void resumeReading() {
    if (readingRequest && pending.isEmpty()) {
      ctx.read();
    }
  }

  @Override
  public void backendClosed(Status.Code code) {
    record.backendClosed(code);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** Handles what was read while the backend was busy, then asks for more input if it can take it. */
  private void readNextIfReady() {
    pending.handOut(mayHandle, handler);
    if (!holdsReads() && pending.isEmpty() && (keepAlive || readingRequest)) {
      ctx.read();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pending.releaseAll();
    if (exchange != null) {
      exchange.abort();
    }
    answered();
    record.end(499, Status.Code.CANCELLED, 0, Reasons.CLIENT_CLOSED);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets and broken pipes are the client's business; never let them escape the pipeline.
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
