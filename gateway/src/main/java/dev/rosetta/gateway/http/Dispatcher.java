package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.Decision;
import dev.rosetta.gateway.policy.PolicyChain;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes a request head from any front end to one of two ends: an answer the gateway gives itself
 * (a public page, a CORS preflight, 404, 405 with {@code Allow}, 400 for a bad path or
 * {@code Grpc-Timeout}, 413 from {@code Content-Length}, 415 by {@link BodyTypes} or for the body's coding), or a started exchange, with the
 * request's metadata (the request id among it), deadline and the exchange kind its RPC shape
 * calls for. Both ends are told to the {@link ExchangeConnection}. Which protocol the request
 * speaks (REST, gRPC-Web, Connect) is {@link Protocols}'s decision; an RPC protocol's request then
 * goes the same way, with its framing in the {@link RoutedRequest} and in the record.
 *
 * <p>Three steps: {@link #route} (everything decided from the head alone), admission, then
 * {@link #start}. Admission runs the route's edge policies (rate limits, then JWT, then external
 * authorization: {@link Admission}); it may decide later, on the event loop, after a remote call,
 * and the connection holds what it reads of the request meanwhile. A route without policies goes
 * straight from {@link #route} to {@link #start}.
 *
 * <p>Immutable and shared by every connection of a listener; called on their event loops.
 */
final class Dispatcher {
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final MetadataMapper metadata;
  private final PublicPages pages;
  private final CorsPolicy cors;
  private final BodyTypes bodyTypes;
  private final Admission admission;

  /** A dispatcher for routes without policies. */
  Dispatcher(Supplier<Engine> engines, ServerOptions options, PublicPages pages, CorsPolicy cors) {
    this(engines, options, pages, cors, route -> null);
  }

  /** @param policies the policy chain guarding a route now; null (or an empty chain) for none */
  Dispatcher(Supplier<Engine> engines, ServerOptions options, PublicPages pages, CorsPolicy cors,
      Function<Route, PolicyChain> policies) {
    this.engines = engines;
    this.options = options;
    this.metadata = new MetadataMapper(options.headerRules());
    this.pages = pages;
    this.cors = cors;
    this.bodyTypes = new BodyTypes(options.strictContentType(), cors);
    this.admission = new Admission(policies, options);
  }

  /** The engine requests begin with now (a reload swaps it; a request keeps the one it began with). */
  Engine engine() {
    return engines.get();
  }

  /**
   * Whether {@code request}'s protocol reads its {@code Content-Encoding} itself
   * ({@link RpcFraming#readsContentEncoding}): asked by {@link RequestDecompressor} for a request
   * with a coding (rare), before the request reaches {@link #dispatch}, which then decides the same.
   */
  boolean framingReadsCoding(HttpRequest request) {
    String uri = RequestErrors.originForm(request.uri());
    int question = uri.indexOf('?');
    return Protocols.select(request, question < 0 ? uri : uri.substring(0, question), engines.get().routes())
        instanceof Protocols.Rpc rpc && rpc.framing().readsContentEncoding();
  }

  /** Answers {@code request}, or starts its exchange on {@code conn}; {@code record} has begun it. */
  void dispatch(HttpRequest request, ExchangeConnection conn, ExchangeRecord record) {
    Engine engine = engines.get();
    String uri = RequestErrors.originForm(request.uri());
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String rawQuery = question < 0 ? null : uri.substring(question + 1);
    if (Responses.isPreflight(request, record.allowOrigin() != null)) {
      record.route(preflightRoute(request, path, engine.routes()));
      conn.respond(Responses.preflight(cors, request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)),
          Status.Code.OK, null);
      return;
    }
    FullHttpResponse page = Responses.publicPage(request, path, pages);
    if (page != null) {
      conn.respond(page, Status.Code.OK, null);
      return;
    }
    Protocols.Selection protocol = Protocols.select(request, path, engine.routes(), conn.http2(),
        options.protocols().grpc().passthroughUnknown());
    RouteMatch match;
    RpcFraming rpc = null;
    boolean upgrade = false;
    if (protocol instanceof Protocols.Rest rest) {
      if (!(rest.lookup() instanceof RouteLookup.Found found)) {
        refuse(rest.lookup(), request, path, conn, engine);
        return;
      }
      match = found.match();
      upgrade = rest.upgrade();
    } else if (protocol instanceof Protocols.Rpc call) {
      record.rpc(call.framing().label(), call.framing());
      if (call.refused() != null) {
        if (call.procedure() != null) {
          record.route(call.procedure().route());
        }
        conn.fail(call.refused());
        return;
      }
      match = call.procedure();
      rpc = call.framing();
    } else {
      Protocols.Refused refused = (Protocols.Refused) protocol;
      record.rpc(refused.label(), null);
      conn.fail(refused.error());
      return;
    }
    record.route(match.route());
    RoutedRequest routed;
    try {
      routed = route(engine, request, match, rawQuery, upgrade, rpc, conn, record);
    } catch (ExchangeException e) {
      conn.fail(e.error());
      return;
    }
    // Admission (docs/security.md): rate limits -> JWT -> external authorization, each able to
    // answer instead or to add metadata, and to finish later on conn.executor() before start().
    // The connection queues the body read meanwhile (Http1ConnectionHandler#holdsReads).
    PolicyChain chain = admission.chainFor(routed.route());
    if (chain == null) {
      start(routed, conn, upgrade);
      return;
    }
    admission.admit(chain, routed, path, conn, record, upgrade, this::start);
  }

  /**
   * The route a CORS preflight asks about, so that its metrics and access-log line name it: the
   * REST route of its {@code Access-Control-Request-Method} on the path, else the RPC method the
   * path names (a gRPC-Web or Connect call's preflight); null for neither ({@code unmatched}).
   */
  private static Route preflightRoute(HttpRequest request, String path, RouteTable routes) {
    String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    if (routes.match(method, path) instanceof RouteLookup.Found found) {
      return found.match().route();
    }
    RouteMatch procedure = routes.procedure(path);
    return procedure == null ? null : procedure.route();
  }

  /** 404, 405 with the {@code Allow} list, or 400 for a path that cannot be decoded. */
  private static void refuse(RouteLookup lookup, HttpRequest request, String path, ExchangeConnection conn,
      Engine engine) {
    if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
      String allowed = String.join(", ", new TreeSet<>(notAllowed.allowed()));
      GatewayError error = RequestErrors.methodNotAllowed(request.method(), path, allowed);
      FullHttpResponse response = Responses.error(conn.alloc(), engine.errors(), error);
      response.headers().set(HttpHeaderNames.ALLOW, allowed);
      ExchangeLog.outcome(request, error.httpStatus(), error.code(), error.reason(), error.message());
      conn.respond(response, error.code(), error.reason());
    } else if (lookup instanceof RouteLookup.InvalidPath invalid) {
      conn.fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, invalid.message(), Reasons.INVALID_PATH));
    } else {
      conn.fail(GatewayError.of(Status.Code.NOT_FOUND, "no route for " + request.method() + " " + path,
          Reasons.NO_ROUTE));
    }
  }

  /**
   * What the head alone decides for a matched request: its limits, deadline and metadata. An RPC
   * request ({@code rpc} not null) has its content type checked by its framing already, its
   * deadline from the framing's header, and no query to bind.
   */
  private RoutedRequest route(Engine engine, HttpRequest request, RouteMatch match, String rawQuery, boolean upgrade,
      RpcFraming rpc, ExchangeConnection conn, ExchangeRecord record) throws ExchangeException {
    Route route = match.route();
    long timeoutNanos;
    if (upgrade) {
      timeoutNanos = grpcTimeoutNanos(request, 0);
      GatewayError refused = WebSocketUpgrade.refusal(route);
      if (refused != null) {
        throw new ExchangeException(refused);
      }
    } else {
      // A streamed upload is bounded per message, not as a whole (docs/streaming.md).
      if (HttpUtil.getContentLength(request, -1L) > options.maxBodyBytes() && !route.method().isClientStreaming()) {
        throw new ExchangeException(RequestErrors.tooLarge(options.maxBodyBytes()));
      }
      GatewayError refused = rpc == null ? bodyTypes.refusal(route, request.headers()) : null;
      if (refused != null) {
        throw new ExchangeException(refused);
      }
      // What RequestDecompressor decodes arrives without the header: what is left is not decodable,
      // unless the protocol reads the coding itself (Connect's unary calls: its framing answers).
      String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
      if (coding != null && !route.body().isEmpty() && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(coding.trim())
          && (rpc == null || !rpc.readsContentEncoding())) {
        throw new ExchangeException(RequestErrors.unsupportedEncoding(coding, options.protocols().compression().requests()));
      }
      // Streams may rightly outlive any default deadline (a watch); only a timeout header bounds them.
      long fallback = Exchanges.isStreaming(route) ? 0 : options.defaultTimeout().toNanos();
      long asked = rpc == null ? grpcTimeoutNanos(request, -1) : rpc.timeoutNanos(request);
      timeoutNanos = asked < 0 ? fallback : asked;
    }
    Metadata headers = metadata.toMetadata(request.headers(), conn.remoteAddress());
    if (rpc != null) {
      for (String name : rpc.framingHeaders()) {
        headers.removeAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
      }
    }
    // The gateway's request id, whatever the forwarding rules say (docs/operations.md).
    headers.removeAll(REQUEST_ID);
    headers.put(REQUEST_ID, record.requestId());
    return new RoutedRequest(engine, match, rpc == null ? rawQuery : null, request, headers, timeoutNanos, rpc,
        Decision.Allow.NOTHING, record.trace());
  }

  /** The deadline in ns (0: none) from Grpc-Timeout, else {@code fallback}. */
  static long grpcTimeoutNanos(HttpRequest request, long fallback) throws ExchangeException {
    String grpcTimeout = request.headers().get("grpc-timeout");
    try {
      return grpcTimeout == null ? fallback : GrpcTimeout.parseNanos(grpcTimeout);
    } catch (IllegalArgumentException e) {
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), Reasons.BAD_TIMEOUT));
    }
  }

  /** Starts the exchange of an admitted request: a WebSocket session, or the exchange for its RPC shape. */
  private void start(RoutedRequest routed, ExchangeConnection conn, boolean upgrade) {
    if (upgrade) {
      conn.upgrade(routed);
      return;
    }
    conn.started(Exchanges.create(routed, conn, options));
  }
}
