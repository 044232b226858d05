package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * One unary request from the moment its route is known: collects the body, binds the request
 * message, calls the backend and turns its answer into the HTTP response.
 *
 * <p>Confined to the connection's event loop: backend callbacks that arrive on another thread are
 * handed over to it first. Owns the body buffer until {@link #release}.
 */
final class UnaryExchange implements BackendCall.Listener {
  private final ChannelHandlerContext ctx;
  private final Engine engine;
  private final ExchangeHandler owner;
  private final RouteMatch match;
  private final String rawQuery;
  private final HttpRequest request;
  private final Metadata requestHeaders;
  private final long timeoutNanos;
  private final int maxBodyBytes;
  private CompositeByteBuf body;
  private BackendCall call;
  /** Turns the backend's one answer into the HTTP response, as for a client-streaming call. */
  private final SingleResponse single;
  private boolean finished;

  UnaryExchange(
      ChannelHandlerContext ctx,
      Engine engine,
      ExchangeHandler owner,
      RouteMatch match,
      String rawQuery,
      HttpRequest request,
      Metadata requestHeaders,
      long timeoutNanos,
      int maxBodyBytes) {
    this.ctx = ctx;
    this.engine = engine;
    this.owner = owner;
    this.match = match;
    this.rawQuery = rawQuery;
    this.request = request;
    this.requestHeaders = requestHeaders;
    this.timeoutNanos = timeoutNanos;
    this.maxBodyBytes = maxBodyBytes;
    this.single = new SingleResponse(
        new ExchangeContext(ctx, engine, owner, match, rawQuery, request, requestHeaders, timeoutNanos), "a unary call");
  }

  Route route() {
    return match.route();
  }

  /** Appends a body chunk (retaining it); false when the body passes the size limit. */
  boolean addContent(ByteBuf chunk) {
    if (!chunk.isReadable()) {
      return true;
    }
    if (body == null) {
      body = ctx.alloc().compositeBuffer(64);
    }
    if ((long) body.readableBytes() + chunk.readableBytes() > maxBodyBytes) {
      return false;
    }
    body.addComponent(true, chunk.retain());
    return true;
  }

  /** The whole body is in: bind the request message and call the backend. */
  void send() {
    byte[] message;
    try {
      message = engine.binder().bind(match, rawQuery, body, request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    } catch (BindException e) {
      fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), Reasons.BAD_REQUEST));
      return;
    } catch (RuntimeException e) {
      ExchangeLog.fault(request, "binding " + route() + " failed", e);
      fail(GatewayError.of(Status.Code.INTERNAL, "cannot build the request message", Reasons.BIND_FAILURE));
      return;
    } finally {
      releaseBody();
    }
    Route route = route();
    var backend = engine.backends().backendFor(route.method().getService().getFullName());
    if (backend == null) {
      fail(GatewayError.of(Status.Code.UNIMPLEMENTED,
          "no backend serves " + route.method().getService().getFullName(), Reasons.NO_BACKEND));
      return;
    }
    if (message.length > backend.maxMessageBytes()) {
      // Checked here because grpc-java does not always fail such a call (a message over the
      // outbound limit, sent while the channel is still connecting, left the call hanging).
      fail(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED, "the request message is " + message.length
          + " bytes, more than the backend message limit of " + backend.maxMessageBytes() + " bytes",
          Reasons.MESSAGE_TOO_LARGE));
      return;
    }
    CallOptions options = CallOptions.DEFAULT;
    if (timeoutNanos > 0) {
      options = options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
    }
    call = BackendCall.unary(
        backend.channelFor(ctx.executor()), engine.methods().of(route.method()), options, requestHeaders, message, this);
  }

  @Override
  public void onHeaders(Metadata headers) {
    single.onHeaders(headers);
  }

  @Override
  public void onMessage(byte[] message) {
    single.onMessage(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (ctx.executor().inEventLoop()) {
      complete(status, trailers);
    } else {
      ctx.executor().execute(() -> complete(status, trailers));
    }
  }

  private void complete(Status status, Metadata trailers) {
    if (finished) {
      return;
    }
    finished = true;
    single.complete(status, trailers);
  }

  private void fail(GatewayError error) {
    finished = true;
    owner.respondError(ctx, error, request);
  }

  /** The client went away: cancel the backend call (it sees CANCELLED) and drop buffers. */
  void abort() {
    finished = true;
    if (call != null) {
      call.cancel("HTTP client closed the connection");
    }
    releaseBody();
  }

  void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
