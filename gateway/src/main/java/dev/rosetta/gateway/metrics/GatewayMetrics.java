package dev.rosetta.gateway.metrics;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.EndpointStats;
import dev.rosetta.gateway.http.CompletedExchange;
import dev.rosetta.gateway.http.ExchangeObserver;
import dev.rosetta.gateway.http.Reasons;
import dev.rosetta.gateway.http.Semconv;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every metric the gateway exports, declared in this one file (names, help and labels in one
 * place, as Envoy keeps its counters). One registry per gateway, never Prometheus' global
 * default one, so two gateways in one JVM (tests) keep their counts apart.
 *
 * <p>Labels are bounded: {@code route} is the route's template (or {@code unmatched}), never the
 * raw path; {@code method} is the gRPC method's full name, never a client-chosen string;
 * {@code endpoint} is an address a backend's resolver or control plane gave, at most 256 per
 * backend (see {@code backend.EndpointCalls}); {@code protocol} is one of the few front-end
 * protocols ({@code http/1.1}, later {@code h2}, ...); {@code reason} is one of the gateway's
 * reason tags ({@code http.Reasons}, a fixed set) on an answer the gateway made itself, and empty
 * (no label, to Prometheus) on one the backend made.
 * Updated on event loops: each update is a lock-free add. No exemplars, on any metric: the
 * Prometheus client would otherwise look up the current OpenTelemetry span at every update (the API
 * is on the class path for tracing), and the gateway never makes a span current on its event loops;
 * the first lookup alone took 8 ms of the start (the routes gauge; issue 16).
 */
public final class GatewayMetrics implements ExchangeObserver {
  /** Latency buckets in seconds, from a cached in-process answer to a slow backend. */
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  /** Guarded by this: whether {@link #registerJvmMetricsOnce} has run. */
  private boolean jvmRegistered;

  private final Counter requests = Counter.builder()
      .name("rosetta_http_requests_total")
      .help("HTTP requests answered, by route template, HTTP method, status, protocol and the gateway's reason "
          + "for an answer it made itself (empty when the backend answered)")
      .labelNames("route", "http_method", "status", "protocol", "reason")
      .withoutExemplars()
      .register(registry);
  private final Histogram latency = Histogram.builder()
      .name("rosetta_http_request_duration_seconds")
      .help("Time from the request head to the response write, by route template, HTTP method and protocol")
      .labelNames("route", "http_method", "protocol")
      .classicOnly()
      .classicUpperBounds(LATENCY_BUCKETS)
      .withoutExemplars()
      .register(registry);
  private final Gauge inFlight = Gauge.builder()
      .name("rosetta_http_requests_in_flight")
      .help("HTTP requests read and not yet answered")
      .withoutExemplars()
      .register(registry);
  private final Counter bytesIn = Counter.builder()
      .name("rosetta_http_request_bytes_total")
      .help("Request body bytes read, by route template")
      .labelNames("route")
      .withoutExemplars()
      .register(registry);
  private final Counter bytesOut = Counter.builder()
      .name("rosetta_http_response_bytes_total")
      .help("Response body bytes written, by route template")
      .labelNames("route")
      .withoutExemplars()
      .register(registry);
  private final Counter rejections = Counter.builder()
      .name("rosetta_http_rejections_total")
      .help("Requests the gateway answered (or ended) itself rather than passing on the backend's answer, "
          + "by reason tag: the edge policies' refusals (rate_limited, jwt_expired, authz_denied, ...), "
          + "routing and binding errors, clients that went away")
      .labelNames("reason")
      .withoutExemplars()
      .register(registry);
  private final Counter backendCalls = Counter.builder()
      .name("rosetta_backend_calls_total")
      .help("Backend gRPC calls, by full gRPC method name and the gRPC code they closed with")
      .labelNames("grpc_method", "grpc_code")
      .withoutExemplars()
      .register(registry);
  private final Counter reloads = Counter.builder()
      .name("rosetta_reloads_total")
      .help("Descriptor reloads, by result (success or failure)")
      .labelNames("result")
      .withoutExemplars()
      .register(registry);
  private final Gauge routes = Gauge.builder()
      .name("rosetta_routes")
      .help("HTTP routes in the table being served")
      .withoutExemplars()
      .register(registry);

  /** Metrics without backends (their per-endpoint calls are left out). */
  public GatewayMetrics() {
    this(List::of);
  }

  /** @param backends the backends whose calls per endpoint are read at each scrape */
  public GatewayMetrics(Supplier<List<Backend>> backends) {
    CounterWithCallback.builder()
        .name("rosetta_backend_endpoint_calls_total")
        .help("Backend gRPC calls by backend name, the endpoint address that answered (none: no endpoint "
            + "was reached; other: beyond 256 addresses) and the gRPC code they closed with")
        .labelNames("backend", "endpoint", "grpc_code")
        .callback(callback -> {
          for (Backend backend : backends.get()) {
            for (EndpointStats endpoint : backend.endpoints()) {
              for (Map.Entry<String, Long> code : endpoint.callsByCode().entrySet()) {
                callback.call(code.getValue(), backend.spec().name(), endpoint.address(), code.getKey());
              }
            }
          }
        })
        .register(registry);
    // Both series exist from the start, so rate() and alerts see a 0 before the first reload.
    reloads.labelValues("success");
    reloads.labelValues("failure");
    for (String reason : Reasons.ALL) {
      rejections.labelValues(reason);
    }
  }

  @Override
  public void onStart() {
    inFlight.inc();
  }

  @Override
  public void onEnd(CompletedExchange exchange) {
    inFlight.dec();
    String route = exchange.routeTemplate();
    requests.labelValues(route, exchange.httpMethod(), Integer.toString(exchange.status()), exchange.protocol(),
        exchange.reason() == null ? "" : exchange.reason()).inc();
    latency.labelValues(route, exchange.httpMethod(), exchange.protocol()).observe(exchange.nanos() / 1e9);
    if (exchange.bytesIn() > 0) {
      bytesIn.labelValues(route).inc(exchange.bytesIn());
    }
    bytesOut.labelValues(route).inc(exchange.bytesOut());
    if (exchange.reason() != null) {
      rejections.labelValues(exchange.reason()).inc();
    }
    if (exchange.backendCode() != null && exchange.route() != null) {
      // The gRPC wire form (pkg.Service/Method), as grpc-java's own metrics name methods.
      backendCalls.labelValues(Semconv.rpcMethod(exchange.route()), exchange.backendCode().name()).inc();
    }
  }

  /** A reload finished; {@code routeCount} is the size of the table now served. */
  public void reloaded(boolean success, int routeCount) {
    reloads.labelValues(success ? "success" : "failure").inc();
    routes.set(routeCount);
  }

  /** The table served at start-up. */
  public void routesLoaded(int routeCount) {
    routes.set(routeCount);
  }

  /** The Prometheus text exposition format's content type. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric in the Prometheus text format. Reads JVM beans: call it off the event loop. */
  public void write(OutputStream out) throws IOException {
    registerJvmMetricsOnce();
    writer.write(out, registry.scrape());
  }

  /**
   * The JVM's own metrics join the registry at the first scrape rather than at start-up: they read
   * the platform MXBeans, which loads JMX (some 200 classes and the beans' set-up) on the way to the
   * first answer (issue 16), and a gateway without an admin listener never needs them. The
   * allocation counters (jvm_memory_pool_allocated_bytes_total) count from that first scrape.
   */
  private synchronized void registerJvmMetricsOnce() {
    // Synchronized: a second scrape at the same time waits for the JVM's metrics rather than missing them.
    if (!jvmRegistered) {
      JvmMetrics.builder().register(registry);
      jvmRegistered = true;
    }
  }
}
