package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.RuntimeOptions;
import dev.rosetta.gateway.tracing.TracingOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tracing, the body budget and the warm-up, mixed into {@link GatewayOptions}. The tracing flags read the
 * environment variables OpenTelemetry's SDKs read ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_SERVICE_NAME}, ...), so a pod set up for OpenTelemetry configures the gateway too;
 * only turning tracing on is the gateway's own ({@code --tracing}, {@code ROSETTA_TRACING}).
 */
@Command(addMethodSubcommands = false)
final class RuntimeFlags {
  @Option(names = "--tracing", negatable = true, defaultValue = "${env:ROSETTA_TRACING:-false}", fallbackValue = "true",
      description = "Export OpenTelemetry traces over OTLP: a span per HTTP request and per backend call "
          + "(env ROSETTA_TRACING, default ${DEFAULT-VALUE}).")
  boolean tracing;

  @Option(names = "--otlp-endpoint", paramLabel = "URL", defaultValue = "${env:OTEL_EXPORTER_OTLP_ENDPOINT}",
      description = "The OTLP receiver (a collector, Jaeger): http://host:4317 for grpc, http://host:4318 for "
          + "http/protobuf (env OTEL_EXPORTER_OTLP_ENDPOINT, default localhost on the protocol's port).")
  String endpoint;

  @Option(names = "--otlp-protocol", paramLabel = "PROTOCOL", defaultValue = "${env:OTEL_EXPORTER_OTLP_PROTOCOL:-grpc}",
      description = "grpc or http/protobuf (env OTEL_EXPORTER_OTLP_PROTOCOL, default ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--otlp-header", paramLabel = "KEY=VALUE", split = ",", defaultValue = "${env:OTEL_EXPORTER_OTLP_HEADERS}",
      description = "A header sent with every export, e.g. an API key (repeatable; env OTEL_EXPORTER_OTLP_HEADERS, "
          + "comma-separated).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--trace-sample-ratio", paramLabel = "RATIO", defaultValue = "${env:OTEL_TRACES_SAMPLER_ARG:-1.0}",
      description = "Share of new traces recorded, 0 to 1; requests whose traceparent is sampled are always recorded "
          + "(env OTEL_TRACES_SAMPLER_ARG, default ${DEFAULT-VALUE}).")
  double sampleRatio;

  @Option(names = "--service-name", paramLabel = "NAME", defaultValue = "${env:OTEL_SERVICE_NAME:-rosetta}",
      description = "The service.name of the spans (env OTEL_SERVICE_NAME, default ${DEFAULT-VALUE}).")
  String serviceName;

  @Option(names = "--resource-attribute", paramLabel = "KEY=VALUE", split = ",",
      defaultValue = "${env:OTEL_RESOURCE_ATTRIBUTES}",
      description = "A resource attribute of the spans, e.g. deployment.environment=prod (repeatable; "
          + "env OTEL_RESOURCE_ATTRIBUTES, comma-separated).")
  List<String> resourceAttributes = new ArrayList<>();

  @Option(names = "--body-budget", paramLabel = "BYTES", defaultValue = "${env:ROSETTA_BODY_BUDGET}",
      converter = Converters.SizeConverter.class,
      description = "Request body bytes held at once across the process, e.g. 64MiB; a body that does not fit gets "
          + "503 with Retry-After (env ROSETTA_BODY_BUDGET; default a quarter of the heap or of direct memory, "
          + "whichever is smaller, at least --max-body-size).")
  Integer bodyBudget;

  @Option(names = "--warm-up-connections", paramLabel = "N", defaultValue = "${env:ROSETTA_WARM_UP_CONNECTIONS:-0}",
      description = "At start, run N loopback connections through the listener's pipeline, each calling a route "
          + "on a stand-in backend inside the process (no real backend, metric or log sees them), so that the first "
          + "storm of new connections finds that code compiled; /readyz answers 503 until it is done. 3000 for an "
          + "edge gateway; costs 4-6 s of CPU and about 50 MiB at start "
          + "(env ROSETTA_WARM_UP_CONNECTIONS, default ${DEFAULT-VALUE}: none).")
  int warmUpConnections;

  /** @throws IllegalArgumentException naming a value that does not parse */
  RuntimeOptions toOptions() {
    TracingOptions tracingOptions = new TracingOptions(tracing, endpoint, protocol, sampleRatio, serviceName,
        TracingOptions.pairs(nonNull(resourceAttributes)), TracingOptions.pairs(nonNull(headers)));
    return new RuntimeOptions(tracingOptions, bodyBudget == null ? 0 : bodyBudget, warmUpConnections);
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
  }
}
