package dev.rosetta.gateway.policy;

import java.util.concurrent.TimeUnit;

/**
 * The response fields of draft-ietf-httpapi-ratelimit-headers-10 (September 2025), section 3 and
 * 4, as Structured Field lists (RFC 8941) with one item per policy:
 *
 * <pre>
 * RateLimit-Policy: "per-client";q=20;w=1      quota q per window of w seconds
 * RateLimit: "per-client";r=19;t=1             r remaining, t seconds until the bucket is full again
 * Retry-After: 1                               (RFC 9110 section 10.2.3; only on a 429)
 * </pre>
 *
 * Several limits on one route give one field line each; SF lists may be split over lines
 * (RFC 8941 section 3.1). Older drafts' {@code RateLimit-Limit}/{@code -Remaining}/{@code -Reset}
 * are not sent. Stateless.
 */
final class RateLimitHeaders {
  static final String POLICY = "ratelimit-policy";
  static final String LIMIT = "ratelimit";
  static final String RETRY_AFTER = "retry-after";

  private RateLimitHeaders() {}

  static Header policy(String name, long quota, long windowSeconds) {
    return new Header(POLICY, "\"" + name + "\";q=" + quota + ";w=" + windowSeconds, true);
  }

  static Header limit(String name, long remaining, long resetNanos) {
    return new Header(LIMIT, "\"" + name + "\";r=" + remaining + ";t=" + seconds(resetNanos), true);
  }

  /** {@code Retry-After} in whole seconds, rounded up and at least 1: an early retry is refused again. */
  static Header retryAfter(long waitNanos) {
    return Header.set(RETRY_AFTER, Long.toString(Math.max(1, seconds(waitNanos))));
  }

  static long seconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
