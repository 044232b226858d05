package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.Header;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.SocketAddress;
import java.util.List;

/**
 * What a connection tracks about the exchange under way for metrics, the access log, request ids
 * and CORS, and the protocol it speaks (its label, and the form of the gateway's own errors): begun
 * at the request head, ended once (answered, upgraded or cut off), then reused for the next request. One per HTTP/1.1 connection (one exchange at a time); a front end with
 * concurrent streams keeps one per stream. Confined to the connection's event loop.
 */
final class ExchangeRecord {
  static final AsciiString REQUEST_ID_HEADER = AsciiString.cached("x-request-id");

  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final String protocol;
  /** Null with tracing off. */
  private final ExchangeTracer tracer;
  /** The label of this exchange: the connection's protocol, or the RPC protocol it speaks. */
  private String label;
  /** The RPC framing of this exchange; null for REST (and for a protocol refused in REST's form). */
  private RpcFraming rpc;
  /** Null between exchanges: an exchange is ended at most once. */
  private HttpRequest request;
  private Route route;
  private String requestId;
  private long startNanos;
  private long bytesIn;
  private Status.Code backendCode;
  /** {@code Access-Control-Allow-Origin} for this exchange; null when CORS does not apply. */
  private String allowOrigin;
  /** Response headers the edge policies add to every answer (the {@code RateLimit} fields); null for none. */
  private List<Header> policyHeaders;
  /** Query parameters whose values are secrets (a token): the access log gets the URI without them; null for none. */
  private List<String> secretParameters;
  private SocketAddress client;
  /** The exchange's trace; null when tracing is off. */
  private ExchangeTrace trace;

  /** @param protocol the {@link CompletedExchange#protocol()} of every exchange recorded but RPC ones */
  ExchangeRecord(ExchangeObserver observer, CorsPolicy cors, String protocol) {
    this.observer = observer;
    this.cors = cors;
    this.protocol = protocol;
    this.tracer = observer.tracer();
  }

  void begin(HttpRequest request) {
    begin(request, null);
  }

  /** @param client the peer's address, for the access log and the trace; null when unknown */
  void begin(HttpRequest request, SocketAddress client) {
    this.request = request;
    label = protocol;
    rpc = null;
    this.client = client;
    route = null;
    backendCode = null;
    bytesIn = 0;
    startNanos = System.nanoTime();
    requestId = RequestIds.of(request.headers().get(REQUEST_ID_HEADER));
    allowOrigin = cors.enabled() ? cors.allowOrigin(request.headers().get(HttpHeaderNames.ORIGIN)) : null;
    policyHeaders = null;
    secretParameters = null;
    trace = tracer == null ? null : tracer.begin(request, protocol, client);
    observer.onStart();
  }

  void route(Route route) {
    this.route = route;
  }

  /**
   * The exchange speaks an RPC protocol ({@link Protocols}): {@code label} replaces the
   * connection's for it, and {@code framing} (null: REST's form) renders the gateway's own errors.
   */
  void rpc(String label, RpcFraming framing) {
    this.label = label;
    this.rpc = framing;
  }

  /** The gateway's own error as this exchange's protocol answers errors: REST's JSON, or the RPC framing's form. */
  FullHttpResponse errorResponse(ByteBufAllocator alloc, ErrorBody errors, GatewayError error) {
    return rpc == null ? Responses.error(alloc, errors, error) : rpc.error(alloc, errors, error);
  }

  void addBytesIn(long bytes) {
    bytesIn += bytes;
  }

  void backendClosed(Status.Code code) {
    backendCode = code;
  }

  /**
   * Whether {@code request}'s exchange is still the one under way and unanswered: false once it
   * was answered or the client went away. A decision that comes late (an admission step that
   * called out) checks it before it writes anything.
   */
  boolean serving(HttpRequest request) {
    return this.request == request;
  }

  /** Headers the edge policies let the request through with: they go on every answer ({@link #addHeaders}). */
  void policyHeaders(List<Header> responseHeaders) {
    this.policyHeaders = responseHeaders.isEmpty() ? null : responseHeaders;
  }

  /** Query parameters that may carry a token on this route: their values stay out of the access log. */
  void secretParameters(List<String> names) {
    this.secretParameters = names.isEmpty() ? null : names;
  }

  String requestId() {
    return requestId;
  }

  String allowOrigin() {
    return allowOrigin;
  }

  /** The exchange's trace, which its backend calls join; null when tracing is off. */
  ExchangeTrace trace() {
    return trace;
  }

  /** The request id, CORS and policy headers every response of this exchange carries (a WebSocket 101 too). */
  void addHeaders(HttpHeaders headers) {
    if (policyHeaders != null) {
      PolicyHeaders.addTo(headers, policyHeaders);
    }
    if (requestId != null) {
      headers.set(REQUEST_ID_HEADER, requestId);
    }
    if (allowOrigin != null) {
      // An RPC client in a browser reads its status and metadata from headers: expose them too.
      CharSequence exposed = rpc == null ? REQUEST_ID_HEADER : REQUEST_ID_HEADER + ", " + rpc.exposedHeaders(headers);
      headers
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposed)
          .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
  }

  /**
   * Reports the exchange to the observer; does nothing when it was already ended.
   *
   * @param reason the gateway's tag ({@link Reasons}) when the gateway decided the outcome
   */
  void end(int status, Status.Code grpcCode, long bytesOut, String reason) {
    if (request == null) {
      return;
    }
    HttpRequest ended = request;
    request = null;
    String uri = secretParameters == null ? ended.uri() : QueryParameters.redacted(ended.uri(), secretParameters);
    ExchangeTrace traced = trace;
    trace = null;
    CompletedExchange completed = new CompletedExchange(ended.method().name(), uri, route, status, grpcCode,
        backendCode, bytesIn, bytesOut, System.nanoTime() - startNanos, requestId, label,
        Semconv.protocolVersion(protocol, ended), reason, client,
        traced == null ? null : traced.traceId(), traced == null ? null : traced.spanId());
    if (traced != null) {
      traced.end(completed);
    }
    observer.onEnd(completed);
  }
}
