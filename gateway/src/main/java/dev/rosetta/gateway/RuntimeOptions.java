package dev.rosetta.gateway;

import dev.rosetta.gateway.tracing.TracingOptions;

/**
 * How the process runs beyond serving routes: tracing, the bound on the request bodies it holds
 * at once, and the warm-up of its connection path. Immutable.
 *
 * @param tracing OpenTelemetry traces of requests and backend calls; {@link TracingOptions#OFF}
 *     by default
 * @param bodyBudgetBytes the request body bytes held at once across the process
 *     ({@code --body-budget}); 0 for the default, a quarter of the heap or of direct memory
 *     (the smaller) and at least one body at {@code --max-body-size}
 *     ({@link dev.rosetta.gateway.http.BodyBudget#defaultBytes})
 * @param warmUpConnections loopback connections run through the listener's pipeline at start, before
 *     readiness ({@code --warm-up-connections}, {@link dev.rosetta.gateway.http.GatewayServer#startWarmUp});
 *     0, the default, for none
 */
public record RuntimeOptions(TracingOptions tracing, long bodyBudgetBytes, int warmUpConnections) {
  public static final RuntimeOptions DEFAULTS = new RuntimeOptions(TracingOptions.OFF, 0, 0);
  /**
   * The most warm-up connections asked for: 3,000 take 2-3 s of a core, so more than this is a
   * typo that would hold readiness back for minutes.
   */
  public static final int MAX_WARM_UP_CONNECTIONS = 100_000;

  public RuntimeOptions {
    if (bodyBudgetBytes < 0) {
      throw new IllegalArgumentException("body budget must not be negative, not " + bodyBudgetBytes);
    }
    if (warmUpConnections < 0 || warmUpConnections > MAX_WARM_UP_CONNECTIONS) {
      throw new IllegalArgumentException("warm-up connections must be between 0 and " + MAX_WARM_UP_CONNECTIONS
          + ", not " + warmUpConnections);
    }
  }
}
