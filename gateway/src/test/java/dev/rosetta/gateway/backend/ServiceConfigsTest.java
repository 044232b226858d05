package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service config each backend's channels start with (grpc's JSON shape, as Java maps). */
class ServiceConfigsTest {
  private static final BackendSpec SPEC = BackendSpec.of("b", "h:1", List.of());
  private static final Set<String> GETS = Set.of("pkg.S/Get");

  @Test
  void defaultsAreRoundRobinWithHealthChecksAndNoMethodConfig() {
    assertThat(ServiceConfigs.of(SPEC, GETS)).isEqualTo(Map.of(
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        "healthCheckConfig", Map.of("serviceName", "")));
  }

  @Test
  void pickFirstWithoutHealthChecks() {
    assertThat(ServiceConfigs.of(SPEC.withLoadBalancing(BackendSpec.LoadBalancing.PICK_FIRST)
        .withHealthCheck(false, ""), GETS)).isEqualTo(Map.of(
        "loadBalancingConfig", List.of(Map.of("pick_first", Map.of()))));
  }

  @Test
  void aTimeoutAppliesToEveryMethod() {
    assertThat(ServiceConfigs.of(SPEC.withTimeout(Duration.ofMillis(1500)), GETS).get("methodConfig"))
        .isEqualTo(List.of(Map.of("name", List.of(Map.of()), "timeout", "1.500000000s")));
  }

  @Test
  void retriesCoverOnlyTheIdempotentMethodsAndKeepTheTimeout() {
    Object methods = ServiceConfigs.of(SPEC.withRetryAttempts(3).withTimeout(Duration.ofSeconds(2)), GETS)
        .get("methodConfig");
    assertThat(methods).isEqualTo(List.of(
        Map.of("name", List.of(Map.of("service", "pkg.S", "method", "Get")),
            "timeout", "2.000000000s",
            "retryPolicy", Map.of("maxAttempts", 3.0, "initialBackoff", "0.05s", "maxBackoff", "1s",
                "backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"))),
        Map.of("name", List.of(Map.of()), "timeout", "2.000000000s")));
  }

  @Test
  void noRetryPolicyWhenRetriesAreOff() {
    assertThat(ServiceConfigs.of(SPEC, GETS)).doesNotContainKey("methodConfig");
  }
}
