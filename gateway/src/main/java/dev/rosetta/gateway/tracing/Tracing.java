package dev.rosetta.gateway.tracing;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;

/**
 * Builds the tracer {@link TracingOptions} describe: the SDK's tracer provider (parent-based
 * ratio sampling, the resource with {@code service.name}, a batch span processor) and its OTLP
 * exporter, gRPC or HTTP. No global state: neither {@code GlobalOpenTelemetry} nor a system
 * property is read or set, so two gateways in one JVM (tests) keep their own.
 */
public final class Tracing {
  private Tracing() {}

  /**
   * @param group the gateway's event loops, which an OTLP/gRPC exporter's channel runs on
   * @return the tracer; close it to flush and stop the exporter
   */
  public static OtelTracer start(TracingOptions options, EventLoopGroup group, Class<? extends Channel> channelType) {
    SpanExporter exporter = TracingOptions.GRPC.equals(options.protocol())
        ? grpcExporter(options, group, channelType) : httpExporter(options);
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource(options))
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(options.sampleRatio())))
        // Batches go out every second (the SDK's default is five): spans show up in Jaeger while one
        // is still looking at the request, and a batch stays small.
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofSeconds(1))
            .setMeterProvider(MeterProvider::noop).build())
        .build();
    return new OtelTracer(provider);
  }

  static Resource resource(TracingOptions options) {
    AttributesBuilder attributes = Attributes.builder();
    options.resourceAttributes().forEach(attributes::put);
    attributes.put("service.name", options.serviceName());
    String version = Tracing.class.getPackage().getImplementationVersion();
    if (version != null && !options.resourceAttributes().containsKey("service.version")) {
      attributes.put("service.version", version);
    }
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  private static SpanExporter grpcExporter(TracingOptions options, EventLoopGroup group,
      Class<? extends Channel> channelType) {
    GrpcSenderProvider sender = config -> new GrpcExportSender(config, group, channelType);
    OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
        .setEndpoint(options.endpoint())
        .setMeterProvider(MeterProvider::noop)
        // Our sender, not one found on the class path (the default would be OkHttp's).
        .setComponentLoader(only(GrpcSenderProvider.class, sender));
    options.headers().forEach(builder::addHeader);
    return builder.build();
  }

  private static SpanExporter httpExporter(TracingOptions options) {
    String endpoint = options.endpoint();
    // OTEL_EXPORTER_OTLP_ENDPOINT is the base URL for every signal; a URL with a path names the traces one.
    if (endpoint.replaceFirst("^https?://[^/]*", "").replace("/", "").isEmpty()) {
      endpoint = endpoint.replaceAll("/+$", "") + "/v1/traces";
    }
    OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint)
        .setMeterProvider(MeterProvider::noop);
    options.headers().forEach(builder::addHeader);
    return builder.build();
  }

  /** A component loader that answers {@code type} with {@code instance}, and the class path for anything else. */
  private static <T> ComponentLoader only(Class<T> type, T instance) {
    ComponentLoader classPath = ComponentLoader.forClassLoader(Tracing.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <S> Iterable<S> load(Class<S> wanted) {
        return wanted == type ? List.of((S) instance) : classPath.load(wanted);
      }
    };
  }
}
