package dev.rosetta.gateway.policy;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The local rate limits of a route: a token from each limit's bucket for the request's key, or
 * 429 with {@code Retry-After} and the {@code RateLimit} fields. Answers at once, on the caller's
 * thread; allocates only the key and the header values. Thread safe.
 */
final class LocalLimitStage implements Stage {
  /** One limit with its live buckets. */
  record Limit(LocalLimitSpec spec, TokenBuckets buckets) {}

  private final List<Limit> limits;

  LocalLimitStage(List<Limit> limits) {
    this.limits = List.copyOf(limits);
  }

  @Override
  public CompletableFuture<Decision.Deny> check(PolicyContext context) {
    for (Limit limit : limits) {
      LocalLimitSpec spec = limit.spec();
      String key = key(spec.key(), context);
      long taken = limit.buckets().take(key);
      long window = spec.per().toSeconds();
      if (taken < 0) {
        long wait = TokenBuckets.waitNanos(taken);
        return CompletableFuture.completedFuture(context.deny("rate_limit",
            PolicyReasons.tooManyRequests(PolicyReasons.RATE_LIMITED,
                "rate limit '" + spec.name() + "' exceeded: at most " + spec.requests() + " requests per "
                    + window + "s; retry in " + RateLimitHeaders.seconds(wait) + "s"),
            List.of(RateLimitHeaders.retryAfter(wait), RateLimitHeaders.policy(spec.name(), spec.requests(), window),
                RateLimitHeaders.limit(spec.name(), 0, wait))));
      }
      context.addResponseHeader(RateLimitHeaders.policy(spec.name(), spec.requests(), window));
      context.addResponseHeader(RateLimitHeaders.limit(spec.name(), taken, limit.buckets().nanosUntilFull(key)));
    }
    return PASS;
  }

  /** The bucket key: the source's value, else the client address (namespaced so the two never meet). */
  private static String key(KeySource source, PolicyContext context) {
    if (source.kind() == KeySource.Kind.CLIENT_ADDRESS) {
      return KeySource.clientAddress(context.request);
    }
    if (source.kind() == KeySource.Kind.CONSTANT) {
      return source.name();
    }
    String value = source.value(context);
    return value == null ? "@" + KeySource.clientAddress(context.request) : "=" + value;
  }
}
