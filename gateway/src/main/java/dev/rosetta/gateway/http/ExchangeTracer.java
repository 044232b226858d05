package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpRequest;
import java.net.SocketAddress;

/**
 * Traces exchanges (the {@code tracing} package implements it with OpenTelemetry). Asked once per
 * request head, on the connection's event loop, and only when tracing is on: with tracing off
 * there is no tracer at all, so no span, context or header is looked at on the request path.
 */
public interface ExchangeTracer {
  /**
   * Begins the server span of a request: its parent from the request's {@code traceparent},
   * {@code tracestate} and {@code baggage}.
   *
   * @param protocol the connection's protocol, {@link CompletedExchange#HTTP_1_1} or
   *     {@link CompletedExchange#HTTP_2}: whether the request speaks an RPC protocol is not known yet
   * @param client the peer's address; null when unknown
   */
  ExchangeTrace begin(HttpRequest request, String protocol, SocketAddress client);
}
