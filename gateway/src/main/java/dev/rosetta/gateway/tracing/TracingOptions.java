package dev.rosetta.gateway.tracing;

import java.util.Locale;
import java.util.Map;

/**
 * How the gateway traces (docs/operations.md, "Tracing"): off by default. Immutable.
 *
 * @param enabled export a server span per HTTP request and a client span per backend call
 * @param endpoint the OTLP receiver: {@code http://host:4317} for gRPC; for HTTP the base URL
 *     ({@code http://host:4318}, to which {@code /v1/traces} is added) or the full traces URL
 * @param protocol {@link #GRPC} or {@link #HTTP_PROTOBUF}
 * @param sampleRatio the share of new traces recorded, 0 to 1; a request that arrives with a
 *     sampled {@code traceparent} is recorded whatever the ratio (parent-based sampling)
 * @param serviceName the resource's {@code service.name}
 * @param resourceAttributes more resource attributes ({@code deployment.environment=prod})
 * @param headers sent with every export (an API key of a hosted backend)
 */
public record TracingOptions(boolean enabled, String endpoint, String protocol, double sampleRatio,
    String serviceName, Map<String, String> resourceAttributes, Map<String, String> headers) {
  public static final String GRPC = "grpc";
  public static final String HTTP_PROTOBUF = "http/protobuf";
  /** Tracing off. */
  public static final TracingOptions OFF = new TracingOptions(false, "", GRPC, 1.0, "rosetta", Map.of(), Map.of());

  public TracingOptions {
    protocol = protocol == null || protocol.isBlank() ? GRPC : protocol.trim().toLowerCase(Locale.ROOT);
    if (!protocol.equals(GRPC) && !protocol.equals(HTTP_PROTOBUF)) {
      throw new IllegalArgumentException("OTLP protocol must be grpc or http/protobuf, not \"" + protocol + "\"");
    }
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("trace sample ratio must be between 0 and 1, not " + sampleRatio);
    }
    endpoint = endpoint == null || endpoint.isBlank() ? defaultEndpoint(protocol) : endpoint.trim();
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException("OTLP endpoint must be an http:// or https:// URL, not \"" + endpoint + "\"");
    }
    serviceName = serviceName == null || serviceName.isBlank() ? "rosetta" : serviceName.trim();
    resourceAttributes = Map.copyOf(resourceAttributes);
    headers = Map.copyOf(headers);
  }

  /**
   * {@code k=v,k2=v2}, as OpenTelemetry's {@code OTEL_RESOURCE_ATTRIBUTES} and
   * {@code OTEL_EXPORTER_OTLP_HEADERS} write them (values percent-decoded), as an ordered map.
   *
   * @throws IllegalArgumentException naming a pair without {@code =} or without a key
   */
  public static Map<String, String> pairs(java.util.List<String> entries) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String entry : entries) {
      for (String pair : entry.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0 || pair.substring(0, eq).isBlank()) {
          throw new IllegalArgumentException("\"" + pair.trim() + "\" is not key=value");
        }
        map.put(pair.substring(0, eq).trim(),
            java.net.URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return map;
  }

  /** OpenTelemetry's defaults: a collector on this host, 4317 for gRPC and 4318 for HTTP. */
  static String defaultEndpoint(String protocol) {
    return GRPC.equals(protocol) ? "http://localhost:4317" : "http://localhost:4318";
  }
}
