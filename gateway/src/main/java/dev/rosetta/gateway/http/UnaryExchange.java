package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.status.HttpStatusMapping;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
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
  private Metadata responseHeaders;
  private byte[] response;
  private boolean extraResponse;
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
      fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), "bad_request"));
      return;
    } catch (RuntimeException e) {
      owner.log().warn("binding {} failed", route(), e);
      fail(GatewayError.of(Status.Code.INTERNAL, "cannot build the request message", "bind_failure"));
      return;
    } finally {
      releaseBody();
    }
    Route route = route();
    var backend = engine.backends().backendFor(route.method().getService().getFullName());
    if (backend == null) {
      fail(GatewayError.of(Status.Code.UNIMPLEMENTED,
          "no backend serves " + route.method().getService().getFullName(), "no_backend"));
      return;
    }
    if (message.length > backend.maxMessageBytes()) {
      // Checked here because grpc-java does not always fail such a call (a message over the
      // outbound limit, sent while the channel is still connecting, left the call hanging).
      fail(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED, "the request message is " + message.length
          + " bytes, more than the backend message limit of " + backend.maxMessageBytes() + " bytes",
          "message_too_large"));
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
    responseHeaders = headers;
  }

  @Override
  public void onMessage(byte[] message) {
    if (response != null) {
      extraResponse = true;
    }
    response = message;
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
    owner.backendClosed(status.getCode());
    if (status.isOk() && (response == null || extraResponse)) {
      status = Status.INTERNAL.withDescription(response == null
          ? "backend closed the call without a response" : "backend sent more than one response to a unary call");
    }
    if (!status.isOk()) {
      ByteBuf out = ctx.alloc().buffer(128);
      engine.errors().write(status, trailers, out);
      FullHttpResponse http = Responses.json(HttpStatusMapping.httpStatus(status.getCode()), out);
      addMetadata(http, trailers);
      owner.log().info("{} {} -> {} {} [backend_status]: {}", request.method(), request.uri(),
          http.status().code(), status.getCode(), status.getDescription());
      finish(http, status.getCode());
      return;
    }
    if (HttpBodyResponse.isRaw(route())) {
      completeRaw(trailers);
      return;
    }
    ByteBuf out = ctx.alloc().buffer(Math.max(64, response.length * 2));
    try {
      Route route = route();
      if (route.responseBodyField() != null) {
        engine.codec().printField(route.responseBodyField(), response, out);
      } else {
        engine.codec().print(route.method().getOutputType(), response, out);
      }
    } catch (CodecException | RuntimeException e) {
      out.release();
      // Logged once, by respondError; the cause goes to the debug log only.
      owner.log().debug("{} {}: cannot convert the backend response", request.method(), request.uri(), e);
      fail(GatewayError.of(Status.Code.INTERNAL, "cannot convert the backend response to JSON", "response_conversion"));
      return;
    }
    FullHttpResponse http = Responses.json(200, out);
    addMetadata(http, trailers);
    finish(http, Status.Code.OK);
  }

  /** A google.api.HttpBody response: its bytes, with its own content type. */
  private void completeRaw(Metadata trailers) {
    FullHttpResponse http;
    try {
      http = HttpBodyResponse.of(response);
    } catch (InvalidProtocolBufferException e) {
      owner.log().debug("{} {}: backend sent a malformed HttpBody", request.method(), request.uri(), e);
      fail(GatewayError.of(Status.Code.INTERNAL, "cannot read the backend's HttpBody response", "response_conversion"));
      return;
    }
    addMetadata(http, trailers);
    finish(http, Status.Code.OK);
  }

  private void addMetadata(FullHttpResponse http, Metadata trailers) {
    MetadataMapper.toHeaders(responseHeaders, "Grpc-Metadata-", http.headers());
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", http.headers());
  }

  private void fail(GatewayError error) {
    finished = true;
    owner.respondError(ctx, error, request);
  }

  private void finish(FullHttpResponse http, Status.Code code) {
    finished = true;
    owner.respond(ctx, http, code);
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
