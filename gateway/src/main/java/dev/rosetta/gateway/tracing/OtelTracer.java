package dev.rosetta.gateway.tracing;

import dev.rosetta.gateway.http.ExchangeObserver;
import dev.rosetta.gateway.http.CompletedExchange;
import dev.rosetta.gateway.http.ExchangeTrace;
import dev.rosetta.gateway.http.ExchangeTracer;
import dev.rosetta.gateway.http.Semconv;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Traces the gateway's exchanges with the OpenTelemetry SDK: a SERVER span per HTTP request (its
 * parent taken from the request's W3C {@code traceparent}, {@code tracestate} and {@code baggage})
 * and a CLIENT span per backend call ({@link ServerSpan}), exported over OTLP by a batch processor
 * on its own thread. Spans are never made current: an exchange hands its trace along itself, so
 * nothing here touches a thread-local context on the event loops.
 *
 * <p>It is the {@link ExchangeObserver} that carries the tracer; its own start and end callbacks do
 * nothing (the server span ends before the observers are told, {@code http.ExchangeRecord}).
 * Made only when tracing is on (there is no "off" instance): with tracing off the exchange layer
 * has no tracer at all. Thread safe.
 */
public final class OtelTracer implements ExchangeObserver, ExchangeTracer, AutoCloseable {
  static final String INSTRUMENTATION = "dev.rosetta.gateway";
  private static final TextMapGetter<HttpHeaders> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpHeaders carrier) {
      return carrier.names();
    }

    @Override
    public String get(HttpHeaders carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final TextMapPropagator propagator =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  OtelTracer(SdkTracerProvider provider) {
    this.provider = provider;
    String version = OtelTracer.class.getPackage().getImplementationVersion();
    this.tracer = provider.tracerBuilder(INSTRUMENTATION).setInstrumentationVersion(version == null ? "dev" : version)
        .build();
  }

  @Override
  public ExchangeTracer tracer() {
    return this;
  }

  @Override
  public void onStart() {}

  @Override
  public void onEnd(CompletedExchange exchange) {}

  @Override
  public ExchangeTrace begin(HttpRequest request, String protocol, SocketAddress client) {
    Context parent = propagator.extract(Context.root(), request.headers(), HEADERS);
    String method = request.method().name();
    String uri = request.uri();
    // Named by method alone until the route is known (semantic conventions: "{method} {route}").
    SpanBuilder builder = tracer.spanBuilder(method)
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(Semconv.HTTP_REQUEST_METHOD, method)
        .setAttribute(Semconv.URL_PATH, Semconv.path(uri))
        .setAttribute(Semconv.URL_SCHEME, "http")
        .setAttribute(Semconv.NETWORK_PROTOCOL_NAME, "http")
        .setAttribute(Semconv.NETWORK_PROTOCOL_VERSION, Semconv.protocolVersion(protocol, request));
    String query = Semconv.query(uri);
    if (query != null) {
      builder.setAttribute(Semconv.URL_QUERY, query);
    }
    String address = Semconv.address(client);
    if (address != null) {
      builder.setAttribute(Semconv.CLIENT_ADDRESS, address);
    }
    String agent = request.headers().get(HttpHeaderNames.USER_AGENT);
    if (agent != null) {
      builder.setAttribute(Semconv.USER_AGENT_ORIGINAL, agent);
    }
    Span span = builder.startSpan();
    return new ServerSpan(tracer, propagator, parent.with(span), span);
  }

  /** Exports what is still queued (for at most five seconds) and stops the exporter. */
  @Override
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }
}
