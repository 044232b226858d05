package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.BackendSpec;
import java.time.Duration;
import java.util.List;

/**
 * The global rate limit through Envoy's rate-limit service
 * ({@code envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit}), so that gateway replicas
 * share one budget: {@code policies.global-rate-limit}. Immutable.
 *
 * @param service where it runs; balanced per call like a backend
 * @param domain the rate-limit domain its configuration uses
 * @param timeout longest a call may take
 * @param failureModeAllow let requests through when the service fails or times out (default:
 *     yes, as Envoy's; a rate limiter is not worth an outage)
 * @param descriptor the entries of the one descriptor sent per request
 * @param where {@code file:line}, for errors
 */
public record GlobalLimitSpec(BackendSpec service, String domain, Duration timeout, boolean failureModeAllow,
    List<Entry> descriptor, String where) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

  /** One descriptor entry: {@code key} with the value {@code source} gives this request. */
  public record Entry(String key, KeySource source) {}

  public GlobalLimitSpec {
    descriptor = List.copyOf(descriptor);
    if (descriptor.isEmpty()) {
      throw new IllegalArgumentException("the descriptor needs at least one entry");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the rate-limit service timeout must be positive: every remote call is bounded");
    }
  }

  boolean needsClaims() {
    return descriptor.stream().anyMatch(e -> e.source().needsClaims());
  }
}
