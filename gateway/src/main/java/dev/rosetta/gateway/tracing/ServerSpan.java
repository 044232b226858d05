package dev.rosetta.gateway.tracing;

import dev.rosetta.gateway.http.CompletedExchange;
import dev.rosetta.gateway.http.ExchangeTrace;
import dev.rosetta.gateway.http.Semconv;
import dev.rosetta.gateway.route.Route;
import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The server span of one exchange, and the client spans of its backend calls. Semantic
 * conventions for HTTP server spans (named {@code "{method} {route}"}, ERROR for a 5xx) and gRPC
 * client spans (named {@code pkg.Service/Method}, ERROR for the codes a server reports as
 * failures); the gateway's reason tag goes on the server span as {@code rosetta.reason} and
 * {@code error.type}. Confined to the exchange's event loop.
 */
final class ServerSpan implements ExchangeTrace {
  /** Replaces what the client sent under a propagated name: the backend's parent is the client span. */
  private static final TextMapSetter<Metadata> METADATA = (carrier, key, value) -> {
    Metadata.Key<String> name = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
    carrier.removeAll(name);
    carrier.put(name, value);
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  /** The incoming context (its baggage) with this span in it: the parent of the client spans. */
  private final Context context;
  private final Span span;

  ServerSpan(Tracer tracer, TextMapPropagator propagator, Context context, Span span) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.context = context;
    this.span = span;
  }

  @Override
  public String traceId() {
    return span.getSpanContext().getTraceId();
  }

  @Override
  public String spanId() {
    return span.getSpanContext().getSpanId();
  }

  @Override
  public CallTrace startCall(Route route, Metadata headers) {
    String method = Semconv.rpcMethod(route);
    Span call = tracer.spanBuilder(method)
        .setParent(context)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(Semconv.RPC_SYSTEM_NAME, "grpc")
        .setAttribute(Semconv.RPC_METHOD, method)
        .startSpan();
    propagator.inject(context.with(call), headers, METADATA);
    return status -> endCall(call, status);
  }

  private static void endCall(Span call, Status status) {
    Status.Code code = status.getCode();
    call.setAttribute(Semconv.RPC_RESPONSE_STATUS_CODE, code.name());
    call.setAttribute(Semconv.RPC_GRPC_STATUS_CODE, code.value());
    if (code != Status.Code.OK) {
      // A client span records every non-OK code as an error (the gRPC conventions).
      call.setAttribute(Semconv.ERROR_TYPE, code.name());
      call.setStatus(StatusCode.ERROR, status.getDescription() == null ? code.name() : status.getDescription());
    }
    call.end();
  }

  @Override
  public void end(CompletedExchange exchange) {
    if (exchange.route() != null) {
      span.updateName(exchange.httpMethod() + " " + exchange.routeTemplate());
      span.setAttribute(Semconv.HTTP_ROUTE, exchange.routeTemplate());
      span.setAttribute(Semconv.RPC_METHOD, Semconv.rpcMethod(exchange.route()));
    }
    String rpcSystem = Semconv.rpcSystemName(exchange.protocol());
    if (rpcSystem != null) { // a gRPC, gRPC-Web or Connect client: its RPC system beside the HTTP attributes
      span.setAttribute(Semconv.RPC_SYSTEM_NAME, rpcSystem);
    }
    span.setAttribute(Semconv.HTTP_RESPONSE_STATUS_CODE, exchange.status());
    if (exchange.grpcCode() != null) {
      span.setAttribute(Semconv.RPC_GRPC_STATUS_CODE, exchange.grpcCode().value());
    }
    span.setAttribute(Semconv.HTTP_REQUEST_BODY_SIZE, exchange.bytesIn());
    span.setAttribute(Semconv.HTTP_RESPONSE_BODY_SIZE, exchange.bytesOut());
    span.setAttribute(Semconv.ROSETTA_REQUEST_ID, exchange.requestId());
    if (exchange.reason() != null) {
      span.setAttribute(Semconv.ROSETTA_REASON, exchange.reason());
      span.setAttribute(Semconv.ERROR_TYPE, exchange.reason());
    } else if (exchange.status() >= 500) {
      span.setAttribute(Semconv.ERROR_TYPE, Integer.toString(exchange.status()));
    }
    // HTTP server spans: a 5xx is the server's error; a 4xx is the client's and leaves the status unset.
    if (exchange.status() >= 500) {
      span.setStatus(StatusCode.ERROR, exchange.reason() == null ? "" : exchange.reason());
    }
    span.end();
  }
}
