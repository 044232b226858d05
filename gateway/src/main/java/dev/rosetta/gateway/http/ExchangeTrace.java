package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The trace of one exchange: its server span, the client spans of its backend calls, and the ids
 * the access log carries. Made by an {@link ExchangeTracer}; confined to the exchange's event loop.
 */
public interface ExchangeTrace {
  /** The trace id, 32 hex digits. */
  String traceId();

  /** The server span's id, 16 hex digits. */
  String spanId();

  /**
   * Begins the client span of a backend call of {@code route}, a child of the server span, and
   * writes its context ({@code traceparent}, {@code tracestate}, {@code baggage}) into the call's
   * {@code headers}, replacing what the client sent under those names.
   */
  CallTrace startCall(Route route, Metadata headers);

  /** Ends the server span with what the exchange came to. */
  void end(CompletedExchange exchange);

  /** The client span of one backend call. */
  interface CallTrace {
    /** The call closed (for a stream: the stream ended) with {@code status}. */
    void end(Status status);
  }
}
