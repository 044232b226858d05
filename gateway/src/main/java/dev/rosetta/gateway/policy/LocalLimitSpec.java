package dev.rosetta.gateway.policy;

import java.time.Duration;

/**
 * A local rate limit: an entry of {@code policies.rate-limits}. A token bucket per key, holding
 * {@code burst} tokens and refilled with {@code requests} tokens every {@code per}; each request
 * takes one. Routes naming the same limit share its buckets: one budget across them. Immutable.
 *
 * @param name how routes refer to it; also the policy name in the {@code RateLimit} headers
 * @param requests tokens added per {@code per}
 * @param per the refill window, whole seconds (the RateLimit-Policy {@code w} parameter)
 * @param burst the bucket's size: requests a client may send at once after a quiet spell
 * @param key where the bucket's key comes from
 * @param maxKeys the most buckets kept; see {@link TokenBuckets} for what happens beyond
 * @param where {@code file:line}, for errors
 */
public record LocalLimitSpec(String name, long requests, Duration per, long burst, KeySource key, int maxKeys,
    String where) {
  public static final int DEFAULT_MAX_KEYS = 100_000;

  public LocalLimitSpec {
    if (requests < 1 || burst < 1) {
      throw new IllegalArgumentException("requests and burst must be at least 1");
    }
    if (per.isNegative() || per.isZero() || per.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException("'per' must be whole seconds (1s, 1m, 1h), as RateLimit-Policy states windows");
    }
    // GCRA keeps burst × (per / requests) nanoseconds ahead of the clock in a long.
    if (per.toNanos() / requests > Long.MAX_VALUE / 4 / burst) {
      throw new IllegalArgumentException("burst × (per / requests) is too large: more than 70 years of tokens");
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("max-keys must be at least 1");
    }
  }
}
