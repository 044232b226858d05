package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * What a connection's {@link ExchangeHandler} tracks about the exchange under way for metrics,
 * the access log, request ids and CORS: begun at the request head, ended once (answered, upgraded
 * or cut off), then reused for the next request. Confined to the connection's event loop.
 */
final class ExchangeRecord {
  static final AsciiString REQUEST_ID_HEADER = AsciiString.cached("x-request-id");

  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  /** Null between exchanges: an exchange is ended at most once. */
  private HttpRequest request;
  private Route route;
  private String requestId;
  private long startNanos;
  private long bytesIn;
  private Status.Code backendCode;
  /** {@code Access-Control-Allow-Origin} for this exchange; null when CORS does not apply. */
  private String allowOrigin;

  ExchangeRecord(ExchangeObserver observer, CorsPolicy cors) {
    this.observer = observer;
    this.cors = cors;
  }

  void begin(HttpRequest request) {
    this.request = request;
    route = null;
    backendCode = null;
    bytesIn = 0;
    startNanos = System.nanoTime();
    requestId = RequestIds.of(request.headers().get(REQUEST_ID_HEADER));
    allowOrigin = cors.enabled() ? cors.allowOrigin(request.headers().get(HttpHeaderNames.ORIGIN)) : null;
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

  Status.Code backendCode() {
    return backendCode;
  }

  String requestId() {
    return requestId;
  }

  String allowOrigin() {
    return allowOrigin;
  }

  /** The request id and CORS headers every response of this exchange carries. */
  void addHeaders(HttpResponse response) {
    if (requestId != null) {
      response.headers().set(REQUEST_ID_HEADER, requestId);
    }
    if (allowOrigin != null) {
      response.headers()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, REQUEST_ID_HEADER)
          .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
  }

  /** Reports the exchange to the observer; does nothing when it was already ended. */
  void end(int status, Status.Code grpcCode, long bytesOut) {
    if (request == null) {
      return;
    }
    HttpRequest ended = request;
    request = null;
    observer.onEnd(new CompletedExchange(ended.method().name(), ended.uri(), route, status, grpcCode,
        backendCode, bytesIn, bytesOut, System.nanoTime() - startNanos, requestId));
  }
}
