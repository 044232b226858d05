package dev.rosetta.gateway.http;

import java.time.Duration;

/**
 * Limits that protect the front end from slow, greedy or hostile clients (see docs/limits.md).
 * Immutable.
 *
 * @param maxHeaders most header fields a request may carry (more: 431)
 * @param maxConnections most client connections open at once; the next one is answered 503 and
 *     closed; 0 for no limit
 * @param idleTimeout a keep-alive connection with no request under way is closed after this; zero
 *     for never
 * @param requestReadTimeout a request's head and body must arrive within this, counted from its
 *     first byte (a slowloris client is answered 408 and dropped); zero for no limit
 */
public record ConnectionLimits(int maxHeaders, int maxConnections, Duration idleTimeout, Duration requestReadTimeout) {
  public static final ConnectionLimits DEFAULTS =
      new ConnectionLimits(100, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(30));

  public ConnectionLimits {
    if (maxHeaders < 1) {
      throw new IllegalArgumentException("maxHeaders must be at least 1, not " + maxHeaders);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must be 0 (no limit) or more, not " + maxConnections);
    }
    if (idleTimeout.isNegative() || requestReadTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts cannot be negative");
    }
  }

  public ConnectionLimits withMaxHeaders(int maxHeaders) {
    return new ConnectionLimits(maxHeaders, maxConnections, idleTimeout, requestReadTimeout);
  }

  public ConnectionLimits withMaxConnections(int maxConnections) {
    return new ConnectionLimits(maxHeaders, maxConnections, idleTimeout, requestReadTimeout);
  }

  public ConnectionLimits withIdleTimeout(Duration idleTimeout) {
    return new ConnectionLimits(maxHeaders, maxConnections, idleTimeout, requestReadTimeout);
  }

  public ConnectionLimits withRequestReadTimeout(Duration requestReadTimeout) {
    return new ConnectionLimits(maxHeaders, maxConnections, idleTimeout, requestReadTimeout);
  }
}
