package dev.rosetta.gateway.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gRPC service config (https://github.com/grpc/grpc/blob/master/doc/service_config.md) a
 * backend's channels start with: load balancing policy, client-side health checks, the backend
 * timeout and, for idempotent methods only, a retry policy. Numbers are doubles because that is
 * what grpc-java's JSON-shaped config expects.
 */
final class ServiceConfigs {
  private ServiceConfigs() {}

  /** True when calls to this backend may be retried: the service config carries a retry policy. */
  static boolean retries(BackendSpec spec, Set<String> idempotentMethods) {
    return spec.retryAttempts() > 1 && !idempotentMethods.isEmpty();
  }

  static Map<String, Object> of(BackendSpec spec, Set<String> idempotentMethods) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("loadBalancingConfig", List.of(Map.of(spec.loadBalancing().policy(), Map.of())));
    if (spec.healthCheck()) {
      // Only round_robin honours it (pick_first ignores health by the spec).
      config.put("healthCheckConfig", Map.of("serviceName", spec.healthService()));
    }
    List<Map<String, Object>> methods = new ArrayList<>();
    if (retries(spec, idempotentMethods)) {
      List<Map<String, Object>> names = new ArrayList<>();
      for (String fullMethod : idempotentMethods) {
        int slash = fullMethod.indexOf('/');
        names.add(Map.of("service", fullMethod.substring(0, slash), "method", fullMethod.substring(slash + 1)));
      }
      Map<String, Object> retry = new LinkedHashMap<>();
      retry.put("name", names);
      // A more specific method config replaces the default one whole, so it repeats the timeout.
      putTimeout(retry, spec.timeout());
      retry.put("retryPolicy", Map.of(
          "maxAttempts", (double) spec.retryAttempts(),
          "initialBackoff", "0.05s",
          "maxBackoff", "1s",
          "backoffMultiplier", 2.0,
          "retryableStatusCodes", List.of("UNAVAILABLE")));
      methods.add(retry);
    }
    if (!spec.timeout().isZero()) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("name", List.of(Map.of()));
      putTimeout(all, spec.timeout());
      methods.add(all);
    }
    if (!methods.isEmpty()) {
      config.put("methodConfig", methods);
    }
    return config;
  }

  private static void putTimeout(Map<String, Object> methodConfig, Duration timeout) {
    if (!timeout.isZero()) {
      methodConfig.put("timeout", timeout.getSeconds() + "." + String.format("%09d", timeout.getNano()) + "s");
    }
  }
}
