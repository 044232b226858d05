package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.SocketAddress;

/**
 * What a connection tracks about the exchange under way for metrics, the access log, request ids
 * and CORS: begun at the request head, ended once (answered, upgraded or cut off), then reused for
 * the next request. One per HTTP/1.1 connection (one exchange at a time); a front end with
 * concurrent streams keeps one per stream. Confined to the connection's event loop.
 */
final class ExchangeRecord {
  static final AsciiString REQUEST_ID_HEADER = AsciiString.cached("x-request-id");

  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final String protocol;
  /** Null with tracing off. */
  private final ExchangeTracer tracer;
  /** Null between exchanges: an exchange is ended at most once. */
  private HttpRequest request;
  private Route route;
  private String requestId;
  private long startNanos;
  private long bytesIn;
  private Status.Code backendCode;
  /** {@code Access-Control-Allow-Origin} for this exchange; null when CORS does not apply. */
  private String allowOrigin;
  private SocketAddress client;
  /** The exchange's trace; null when tracing is off. */
  private ExchangeTrace trace;

  /** @param protocol the {@link CompletedExchange#protocol()} of every exchange recorded */
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
    this.client = client;
    route = null;
    backendCode = null;
    bytesIn = 0;
    startNanos = System.nanoTime();
    requestId = RequestIds.of(request.headers().get(REQUEST_ID_HEADER));
    allowOrigin = cors.enabled() ? cors.allowOrigin(request.headers().get(HttpHeaderNames.ORIGIN)) : null;
    trace = tracer == null ? null : tracer.begin(request, protocol, client);
    observer.onStart();
  }

  void route(Route route) {
    this.route = route;
  }

  void addBytesIn(long bytes) {
    bytesIn += bytes;
  }

  void backendClosed(Status.Code code) {
    backendCode = code;
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

  /** The request id and CORS headers every response of this exchange carries (a WebSocket 101 too). */
  void addHeaders(HttpHeaders headers) {
    if (requestId != null) {
      headers.set(REQUEST_ID_HEADER, requestId);
    }
    if (allowOrigin != null) {
      headers
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, REQUEST_ID_HEADER)
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
    ExchangeTrace traced = trace;
    trace = null;
    CompletedExchange completed = new CompletedExchange(ended.method().name(), ended.uri(), route, status, grpcCode,
        backendCode, bytesIn, bytesOut, System.nanoTime() - startNanos, requestId, protocol, reason, client,
        traced == null ? null : traced.traceId(), traced == null ? null : traced.spanId());
    if (traced != null) {
      traced.end(completed);
    }
    observer.onEnd(completed);
  }
}
