package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.Backend;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global rate limit: one {@code ShouldRateLimit} call per request to Envoy's rate-limit
 * service with the configured domain and one descriptor, so every gateway replica counts against
 * the same budget. OVER_LIMIT: 429 with {@code Retry-After} (the longest {@code
 * duration_until_reset}, at least 1 s) and the {@code RateLimit} fields of the tightest limit;
 * OK: the service's {@code request_headers_to_add} go on the backend call and its {@code
 * response_headers_to_add} on the response. The service failing or timing out lets the request
 * through when {@code failure-mode-allow} (the default), else 503. Thread safe.
 */
final class GlobalLimitStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalLimitStage.class);

  private final GlobalLimitSpec spec;
  private final Backend service;

  GlobalLimitStage(GlobalLimitSpec spec, Backend service) {
    this.spec = spec;
    this.service = service;
  }

  @Override
  public CompletableFuture<Decision.Deny> check(PolicyContext context) {
    RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder();
    for (GlobalLimitSpec.Entry entry : spec.descriptor()) {
      String value = entry.source().value(context);
      if (value != null) {
        descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(entry.key()).setValue(value));
      }
    }
    RateLimitRequest request = RateLimitRequest.newBuilder().setDomain(spec.domain()).addDescriptors(descriptor)
        .setHitsAddend(1).build();
    return PolicyCalls.onLoop(
        PolicyCalls.call(service, context.loop, RateLimitServiceGrpc.getShouldRateLimitMethod(), request, spec.timeout()),
        context.loop, (response, error) -> error == null ? answer(context, response) : failed(context, error));
  }

  private Decision.Deny answer(PolicyContext context, RateLimitResponse response) {
    for (HeaderValue header : response.getResponseHeadersToAddList()) {
      context.addResponseHeader(new Header(header.getKey(), header.getValue(), true));
    }
    RateLimitResponse.DescriptorStatus tightest = tightest(response);
    if (response.getOverallCode() != RateLimitResponse.Code.OVER_LIMIT) {
      for (HeaderValue header : response.getRequestHeadersToAddList()) {
        context.addMetadata(Header.set(header.getKey(), header.getValue()));
      }
      if (tightest != null) {
        headers(tightest).forEach(context::addResponseHeader);
      }
      return null;
    }
    long resetNanos = TimeUnit.SECONDS.toNanos(1);
    for (RateLimitResponse.DescriptorStatus status : response.getStatusesList()) {
      if (status.hasDurationUntilReset()) {
        var reset = status.getDurationUntilReset();
        resetNanos = Math.max(resetNanos, TimeUnit.SECONDS.toNanos(reset.getSeconds()) + reset.getNanos());
      }
    }
    List<Header> headers = new ArrayList<>();
    headers.add(RateLimitHeaders.retryAfter(resetNanos));
    if (tightest != null) {
      headers.addAll(headers(tightest));
    }
    return context.deny("global_rate_limit", PolicyReasons.tooManyRequests(PolicyReasons.GLOBAL_RATE_LIMITED,
        "global rate limit exceeded; retry in " + RateLimitHeaders.seconds(resetNanos) + "s"), headers);
  }

  /** The status with the fewest requests left: the one a client should pace itself by. */
  private static RateLimitResponse.DescriptorStatus tightest(RateLimitResponse response) {
    RateLimitResponse.DescriptorStatus tightest = null;
    for (RateLimitResponse.DescriptorStatus status : response.getStatusesList()) {
      if (status.hasCurrentLimit() && (tightest == null || status.getLimitRemaining() < tightest.getLimitRemaining())) {
        tightest = status;
      }
    }
    return tightest;
  }

  /** {@code RateLimit-Policy} and {@code RateLimit} for the service's limit, named after the limit (or "global"). */
  private static List<Header> headers(RateLimitResponse.DescriptorStatus status) {
    RateLimitResponse.RateLimit limit = status.getCurrentLimit();
    String name = limit.getName().matches("[A-Za-z0-9_.-]{1,64}") ? limit.getName() : "global";
    long window = switch (limit.getUnit()) {
      case SECOND -> 1;
      case MINUTE -> 60;
      case HOUR -> 3600;
      case DAY -> 86_400;
      case MONTH -> 30L * 86_400;
      case YEAR -> 365L * 86_400;
      default -> 0;
    };
    long reset = status.hasDurationUntilReset()
        ? TimeUnit.SECONDS.toNanos(status.getDurationUntilReset().getSeconds()) + status.getDurationUntilReset().getNanos()
        : 0;
    List<Header> headers = new ArrayList<>(2);
    if (window > 0) {
      headers.add(RateLimitHeaders.policy(name, limit.getRequestsPerUnit(), window));
    }
    headers.add(RateLimitHeaders.limit(name, status.getLimitRemaining(), reset));
    return headers;
  }

  private Decision.Deny failed(PolicyContext context, Throwable error) {
    LOG.debug("rate-limit service call on {} failed: {}", context.request.route(), Status.fromThrowable(error));
    if (spec.failureModeAllow()) {
      context.annotate("rate_limit", "service_failed_allowed");
      return null;
    }
    return context.deny("global_rate_limit", PolicyReasons.unavailable(PolicyReasons.RATE_LIMIT_SERVICE_FAILED,
        "the rate-limit service is unavailable; retry later"), List.of());
  }
}
