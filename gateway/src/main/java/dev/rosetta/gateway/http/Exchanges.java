package dev.rosetta.gateway.http;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;

/** Picks the exchange for a route's RPC shape, and the body rules that follow from the shape. */
final class Exchanges {
  static final String NDJSON = "application/x-ndjson";

  private Exchanges() {}

  static Exchange create(
      ChannelHandlerContext ctx,
      Engine engine,
      ExchangeHandler owner,
      RouteMatch match,
      String rawQuery,
      HttpRequest request,
      Metadata headers,
      long timeoutNanos,
      ServerOptions options) {
    MethodDescriptor method = match.route().method();
    ExchangeContext context = new ExchangeContext(ctx, engine, owner, match, rawQuery, request, headers, timeoutNanos);
    if (method.isClientStreaming()) {
      return new ClientStreamExchange(context, options);
    }
    if (method.isServerStreaming()) {
      return new ServerStreamExchange(context, options);
    }
    return new Unary(
        new UnaryExchange(ctx, engine, owner, match, rawQuery, request, headers, timeoutNanos, options.maxBodyBytes()));
  }

  /** The unary exchange as an {@link Exchange} (kept apart so that it stays as it is). */
  private record Unary(UnaryExchange exchange) implements Exchange {
    @Override
    public boolean addContent(ByteBuf chunk) {
      return exchange.addContent(chunk);
    }

    @Override
    public void send() {
      exchange.send();
    }

    @Override
    public void abort() {
      exchange.abort();
    }

    @Override
    public void releaseBody() {
      exchange.releaseBody();
    }
  }

  static boolean isStreaming(Route route) {
    return route.method().isClientStreaming() || route.method().isServerStreaming();
  }

  /** Whether a request body of {@code contentType} suits the route. */
  static boolean acceptsBody(Route route, String contentType) {
    // An HttpBody body takes any content type: the bytes go in as they are.
    return Responses.isJson(contentType) || RawBody.takesRawBody(route)
        || route.method().isClientStreaming() && isNdjson(contentType);
  }

  /** What {@link #acceptsBody} wants, for the 415 message. */
  static String expectedBody(Route route) {
    return route.method().isClientStreaming()
        ? "application/json (an array of messages) or application/x-ndjson (one message per line)"
        : "application/json";
  }

  static boolean isNdjson(CharSequence contentType) {
    if (contentType == null) {
      return false;
    }
    String mime = contentType.toString();
    int semicolon = mime.indexOf(';');
    return AsciiString.contentEqualsIgnoreCase((semicolon < 0 ? mime : mime.substring(0, semicolon)).trim(), NDJSON);
  }

  /** Starts the backend call of an exchange; null when no backend serves its service. */
  static BackendCall start(ExchangeContext x, BackendCall.Listener listener, int initialResponses) {
    Route route = x.route();
    Backend backend = x.engine().backends().backendFor(route.method().getService().getFullName());
    if (backend == null) {
      return null;
    }
    CallOptions options = CallOptions.DEFAULT;
    if (x.timeoutNanos() > 0) {
      options = options.withDeadlineAfter(x.timeoutNanos(), TimeUnit.NANOSECONDS);
    }
    return BackendCall.start(backend.channelFor(x.ctx().executor()), x.engine().methods().of(route.method()), options,
        x.requestHeaders(), new LoopListener(x.ctx().executor(), listener), initialResponses);
  }
}
