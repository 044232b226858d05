package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import io.grpc.Status;
import java.net.SocketAddress;

/**
 * What one exchange came to, for metrics and the access log.
 *
 * @param httpMethod the request method
 * @param uri the request target as received (path and query), the values of query parameters that
 *     carried a token replaced by {@code REDACTED}
 * @param route the matched route; null when none matched
 * @param status the HTTP status sent; 499 when the client closed the connection first
 * @param grpcCode the gRPC code the response carries (OK for a 200)
 * @param backendCode what the backend call closed with; null when no call was made
 * @param bytesIn request body bytes read
 * @param bytesOut response body bytes written
 * @param nanos from the request head to the response write
 * @param requestId the {@code X-Request-Id} (the client's, or generated)
 * @param protocol what the client spoke: {@code http/1.1} ({@link #HTTP_1_1}) or {@code h2}
 *     ({@link #HTTP_2}, over TLS or cleartext) for REST and WebSocket; {@code grpc-web} and
 *     {@code connect} for those RPC protocols, whatever the HTTP version under them; {@code grpc}
 *     for native gRPC. A label of bounded cardinality.
 * @param httpVersion the HTTP version the request came in, as OpenTelemetry's
 *     {@code network.protocol.version} has it: {@code 1.0}, {@code 1.1} or {@code 2}
 * @param reason the gateway's reason tag when the gateway decided the outcome ({@link Reasons});
 *     null when the backend answered
 * @param client the client's address (the TCP peer); null when unknown
 * @param traceId the trace the exchange belongs to (32 hex digits); null when tracing is off
 * @param spanId the exchange's server span (16 hex digits); null when tracing is off
 */
public record CompletedExchange(
    String httpMethod,
    String uri,
    Route route,
    int status,
    Status.Code grpcCode,
    Status.Code backendCode,
    long bytesIn,
    long bytesOut,
    long nanos,
    String requestId,
    String protocol,
    String httpVersion,
    String reason,
    SocketAddress client,
    String traceId,
    String spanId) {
  /** HTTP/1.1 and HTTP/1.0, and WebSocket sessions upgraded from them. */
  public static final String HTTP_1_1 = "http/1.1";
  /** HTTP/2, by ALPN on TLS (h2) or in cleartext (h2c): one exchange per stream. */
  public static final String HTTP_2 = "h2";

  /** An exchange of an unknown client, not traced. */
  public CompletedExchange(String httpMethod, String uri, Route route, int status, Status.Code grpcCode,
      Status.Code backendCode, long bytesIn, long bytesOut, long nanos, String requestId, String protocol,
      String httpVersion, String reason) {
    this(httpMethod, uri, route, status, grpcCode, backendCode, bytesIn, bytesOut, nanos, requestId, protocol,
        httpVersion, reason, null, null, null);
  }

  /** The route's template ({@code /v1/{name=shelves/*}}), or {@code "unmatched"}: a label of bounded cardinality. */
  public String routeTemplate() {
    return route == null ? "unmatched" : route.template().toString();
  }
}
