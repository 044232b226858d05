package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the HTTP/1.1 exchanges of one connection, one at a time. Sits last in the pipeline,
 * after the HTTP decoder; the channel runs with auto-read off, and this handler asks for
 * more input only when it can take it. It reads on while a backend call runs (else Netty drops
 * and re-arms the socket's read interest, two epoll_ctl calls per request); requests pipelined
 * meanwhile wait in a queue, and nothing more is read until they are handled. That gives
 * pipelined requests their responses in order and bounds what a connection buffers: one socket
 * read, never more.
 *
 * <p>For each request it finds the route (answering 404, 405 or 400 itself), checks size and
 * content type (413, 415), then hands the request to the {@link Exchange} for its RPC shape
 * ({@link Exchanges#create}): unary, server streaming, client streaming.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.http");
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final MetadataMapper metadata;
  private final PublicPages pages;
  private final CorsPolicy cors;
  private final Drain shutdown;

  private Engine engine;
  private Exchange exchange;
  /** Between a request's head and its last content. */
  private boolean readingRequest;
  /** A response for the current request is still to be written. */
  private boolean awaitingResponse;
  private boolean keepAlive = true;
  /** Messages read while a backend call was under way (pipelined requests), in order. */
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  /** {@link #readNextIfReady} is handing `pending` out (a nested call leaves it to the loop). */
  private boolean dispatchingPending;
  /** The exchange under way, for metrics, the access log, request ids and CORS. */
  private final ExchangeRecord record;
  private Status.Code backendCode;

  ExchangeHandler(Supplier<Engine> engines, ServerOptions options, MetadataMapper metadata, ExchangeObserver observer,
      PublicPages pages, CorsPolicy cors, Drain drain) {
    this.cors = cors;
    this.engines = engines;
    this.options = options;
    this.metadata = metadata;
    this.pages = pages;
    this.shutdown = drain;
    this.record = new ExchangeRecord(observer, cors, CompletedExchange.HTTP_1_1);
  }

  Logger log() {
    return LOG;
  }

  /** The graceful-shutdown count, which a WebSocket session taking this connection over joins. */
  Drain drain() {
    return shutdown;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (waitingForBackend() || !pending.isEmpty()) {
      // The next pipelined request, decoded from the same read: it waits its turn.
      pending.add(msg);
      return;
    }
    dispatch(ctx, msg);
  }

  private void dispatch(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        onRequest(ctx, request);
      }
      if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
        onBrokenBody(ctx, content.decoderResult().cause());
      } else if (msg instanceof HttpContent content && readingRequest) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    readingRequest = true;
    if (!awaitingResponse) {
      awaitingResponse = true;
      shutdown.started();
    }
    keepAlive = HttpUtil.isKeepAlive(request);
    engine = engines.get();
    record.begin(request);
    backendCode = null;
    if (request.decoderResult().isFailure()) {
      keepAlive = false;
      respondError(ctx, RequestErrors.malformed(request.decoderResult().cause()), request);
      return;
    }
    String uri = RequestErrors.originForm(request.uri());
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String rawQuery = question < 0 ? null : uri.substring(question + 1);
    FullHttpResponse local = Responses.local(request, path, record.allowOrigin() != null, cors, pages);
    if (local != null) {
      respond(ctx, local, Status.Code.OK);
      return;
    }
    RouteLookup lookup = WebSocketUpgrade.isUpgrade(request)
        ? WebSocketUpgrade.lookup(engine.routes(), path) : engine.routes().match(request.method().name(), path);
    if (lookup instanceof RouteLookup.Found found) {
      record.route(found.match().route());
      start(ctx, request, found.match(), rawQuery);
    } else if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
      String allowed = String.join(", ", new TreeSet<>(notAllowed.allowed()));
      GatewayError error = RequestErrors.methodNotAllowed(request.method(), path, allowed);
      FullHttpResponse response = Responses.error(ctx.alloc(), engine.errors(), error);
      response.headers().set(HttpHeaderNames.ALLOW, allowed);
      logError(request, error);
      respond(ctx, response, error.code(), error.reason());
    } else if (lookup instanceof RouteLookup.InvalidPath invalid) {
      respondError(ctx, GatewayError.of(Status.Code.INVALID_ARGUMENT, invalid.message(), Reasons.INVALID_PATH), request);
    } else {
      respondError(ctx, GatewayError.of(Status.Code.NOT_FOUND,
          "no route for " + request.method() + " " + path, Reasons.NO_ROUTE), request);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest request, RouteMatch match, String rawQuery) {
    if (WebSocketUpgrade.isUpgrade(request)) {
      upgrade(ctx, request, match, rawQuery);
      return;
    }
    long contentLength = HttpUtil.getContentLength(request, -1L);
    // A streamed upload is bounded per message, not as a whole (docs/streaming.md).
    if (contentLength > options.maxBodyBytes() && !match.route().method().isClientStreaming()) {
      keepAlive = false; // the body is not read, so the connection cannot carry another request
      respondError(ctx, RequestErrors.tooLarge(options.maxBodyBytes()), request);
      return;
    }
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (!match.route().body().isEmpty() && !Exchanges.acceptsBody(match.route(), contentType)) {
      respondError(ctx, RequestErrors.unsupportedType(match.route(), contentType), request);
      return;
    }
    // Streams may rightly outlive any default deadline (a watch); only Grpc-Timeout bounds them.
    long timeoutNanos = timeoutNanos(ctx, request,
        Exchanges.isStreaming(match.route()) ? 0 : options.defaultTimeout().toNanos());
    if (timeoutNanos < 0) {
      return;
    }
    Metadata headers = metadata.toMetadata(request.headers(), ctx.channel().remoteAddress());
    headers.removeAll(REQUEST_ID);
    headers.put(REQUEST_ID, record.requestId());
    exchange = Exchanges.create(ctx, engine, this, match, rawQuery, request, headers, timeoutNanos, options);
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(Responses.continue100());
    }
  }

  /** The deadline in ns (0: none) from Grpc-Timeout, else {@code fallback}; -1 once a bad one got its 400. */
  private long timeoutNanos(ChannelHandlerContext ctx, HttpRequest request, long fallback) {
    String grpcTimeout = request.headers().get("grpc-timeout");
    try {
      return grpcTimeout == null ? fallback : GrpcTimeout.parseNanos(grpcTimeout);
    } catch (IllegalArgumentException e) {
      respondError(ctx, GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), Reasons.BAD_TIMEOUT), request);
      return -1;
    }
  }

  /** A WebSocket upgrade on a streaming route: this handler leaves the pipeline (docs/streaming.md). */
  private void upgrade(ChannelHandlerContext ctx, HttpRequest request, RouteMatch match, String rawQuery) {
    long timeoutNanos = timeoutNanos(ctx, request, 0);
    if (timeoutNanos < 0) {
      return;
    }
    GatewayError refused = WebSocketUpgrade.refusal(match.route());
    if (refused != null) {
      respondError(ctx, refused, request);
      return;
    }
    Metadata headers = metadata.toMetadata(request.headers(), ctx.channel().remoteAddress());
    readingRequest = false;
    // The 101 ends the HTTP exchange (one answered request); the session joins the drain itself.
    answered();
    record.end(101, Status.Code.OK, 0, null);
    WebSocketUpgrade.upgrade(ctx, new ExchangeContext(ctx, engine, this, match, rawQuery, request, headers,
        timeoutNanos), options.maxBodyBytes());
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    record.addBytesIn(content.content().readableBytes());
    if (exchange != null && awaitingResponse) {
      if (!exchange.addContent(content.content())) {
        keepAlive = false;
        exchange.releaseBody();
        exchange = null;
        readingRequest = false;
        respondError(ctx, RequestErrors.tooLarge(options.maxBodyBytes()), null);
        return;
      }
      if (last) {
        readingRequest = false;
        if (exchange != null) {
          exchange.send();
        } else {
          readNextIfReady(ctx); // answered while the body was still coming
        }
      }
    } else if (last) {
      // The rest of a request already answered (an early error) has been skipped.
      readingRequest = false;
      readNextIfReady(ctx);
    }
  }

  /**
   * The decoder gave up inside a body (a malformed chunk size): answer 400 unless the request was
   * answered already, and close, since the next request's start is unknown.
   */
  private void onBrokenBody(ChannelHandlerContext ctx, Throwable cause) {
    keepAlive = false;
    readingRequest = false;
    if (exchange != null) {
      exchange.releaseBody();
    }
    if (awaitingResponse) {
      respondError(ctx, RequestErrors.malformed(cause), null);
    } else {
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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

  /** A request is fully read and its backend call is under way: what is read meanwhile waits in `pending`. */
  private boolean waitingForBackend() {
    return awaitingResponse && !readingRequest;
  }

  /** The current request needs no more answer: it leaves the drain's count. */
  private void answered() {
    if (awaitingResponse) {
      awaitingResponse = false;
      shutdown.finished();
    }
  }

  /**
   * Writes the response to the current request and, once it is complete, moves to the next.
   *
   * @param grpcCode the gRPC code the response stands for, for metrics and the access log
   */
  void respond(ChannelHandlerContext ctx, FullHttpResponse response, Status.Code grpcCode) {
    respond(ctx, response, grpcCode, null);
  }

  private void respond(ChannelHandlerContext ctx, FullHttpResponse response, Status.Code grpcCode, String reason) {
    answered();
    exchange = null;
    if (shutdown.draining()) {
      keepAlive = false; // shutting down: answer, then close (Connection: close)
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    record.addHeaders(response.headers());
    record.end(response.status().code(), grpcCode, response.content().readableBytes(), reason);
    if (!keepAlive) {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(response);
    readNextIfReady(ctx);
  }

  /** The head of a streamed response is about to be written. */
  void beginStream(HttpResponse head) {
    HttpUtil.setKeepAlive(head, keepAlive);
    record.addHeaders(head.headers());
  }

  /** A streamed response ended with {@code lastWrite}: move to the next request (or close). */
  void endStream(ChannelHandlerContext ctx, ChannelFuture lastWrite) {
    answered();
    exchange = null;
    // Streamed bodies are not counted in bytes out; the status is the head's (200).
    record.end(200, backendCode == null ? Status.Code.OK : backendCode, 0, null);
    if (!keepAlive || readingRequest) {
      // Unread request body (an upload answered early) would be taken for the next request.
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    readNextIfReady(ctx);
  }

  /** A streamed upload can take more body again (its backend call became ready). */
  void resumeReading(ChannelHandlerContext ctx) {
    if (readingRequest && pending.isEmpty()) {
      ctx.read();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  void respondError(ChannelHandlerContext ctx, GatewayError error, HttpRequest request) {
    logError(request, error);
    respond(ctx, Responses.error(ctx.alloc(), engine.errors(), error), error.code(), error.reason());
  }

  /** The backend call of the current exchange closed with {@code code}. */
  void backendClosed(Status.Code code) {
    backendCode = code;
    record.backendClosed(code);
  }

  /** Handles what was read while the backend was busy, then asks for more input if it can take it. */
  private void readNextIfReady(ChannelHandlerContext ctx) {
    if (dispatchingPending) {
      return; // the outer call's loop goes on
    }
    dispatchingPending = true;
    try {
      while (!pending.isEmpty() && !waitingForBackend() && ctx.channel().isActive()) {
        dispatch(ctx, pending.poll());
      }
    } finally {
      dispatchingPending = false;
    }
    if (!waitingForBackend() && pending.isEmpty() && (keepAlive || readingRequest)) {
      ctx.read();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Object msg; (msg = pending.poll()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
    if (exchange != null) {
      exchange.abort();
      exchange = null;
    }
    answered();
    // 499, nginx's "client closed request": the exchange ended without a response.
    record.end(499, Status.Code.CANCELLED, 0, Reasons.CLIENT_CLOSED);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets and broken pipes are the client's business; never let them escape the pipeline.
    LOG.debug("closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private void logError(HttpRequest request, GatewayError error) {
    ExchangeLog.outcome(request, error.httpStatus(), error.code(), error.reason(), error.message());
  }
}
