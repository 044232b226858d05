package dev.rosetta.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration file's {@code tracing:} section (docs/configuration.md), as the flags it
 * stands for:
 *
 * <pre>
 * tracing:
 *   enabled: true
 *   endpoint: http://jaeger-collector:4317
 *   protocol: grpc                  # or http/protobuf
 *   sample-ratio: 0.1
 *   service-name: books-gateway
 *   resource-attributes: {deployment.environment: prod}
 *   headers: {x-api-key: secret}
 * </pre>
 */
final class TracingSection {
  private TracingSection() {}

  static void read(Section tracing, Map<String, List<String>> flags) throws ConfigException {
    tracing.allowOnly(Set.of("enabled", "endpoint", "protocol", "sample-ratio", "service-name", "resource-attributes",
        "headers"));
    Boolean enabled = tracing.bool("enabled");
    if (enabled != null) {
      flags.put("--tracing", List.of(enabled.toString()));
    }
    put(flags, "--otlp-endpoint", tracing.string("endpoint"));
    put(flags, "--otlp-protocol", tracing.string("protocol"));
    String ratio = tracing.string("sample-ratio");
    if (ratio != null) {
      try {
        double value = Double.parseDouble(ratio);
        if (!(value >= 0 && value <= 1)) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw tracing.error("sample-ratio", "must be a number from 0 to 1, not \"" + ratio + "\"");
      }
    }
    put(flags, "--trace-sample-ratio", ratio);
    put(flags, "--service-name", tracing.string("service-name"));
    pairs(tracing, "resource-attributes", "--resource-attribute", flags);
    pairs(tracing, "headers", "--otlp-header", flags);
  }

  private static void pairs(Section tracing, String key, String flag, Map<String, List<String>> flags)
      throws ConfigException {
    Section map = tracing.section(key);
    if (map == null) {
      return;
    }
    List<String> values = new ArrayList<>();
    for (String name : map.keys()) {
      values.add(name + "=" + map.string(name));
    }
    flags.put(flag, values);
  }

  private static void put(Map<String, List<String>> flags, String flag, String value) {
    if (value != null) {
      flags.put(flag, List.of(value));
    }
  }
}
