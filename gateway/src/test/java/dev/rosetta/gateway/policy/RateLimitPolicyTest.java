package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.request;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.route.Route;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Local rate limits: token buckets per key (client address, header, claim, constant), 429 with
 * {@code Retry-After} and the draft-10 {@code RateLimit} fields, refill with time, one budget per
 * limit across the routes that name it, and the bounded key table.
 */
class RateLimitPolicyTest {
  private static final Route LIST_SHELVES = route("GET", "/v1/shelves");
  private static final Route GET_SHELF = route("GET", "/v1/{name=shelves/*}");
  private static final Route CREATE_SHELF = route("POST", "/v1/shelves");

  private final PolicyFixture fixture = new PolicyFixture();
  private Policies policies;

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static LocalLimitSpec limit(String name, long requests, long burst, String key, int maxKeys) {
    return new LocalLimitSpec(name, requests, Duration.ofSeconds(1), burst, KeySource.parse(key), maxKeys, "t.yaml:2");
  }

  private Policies start(LocalLimitSpec limit, RouteRule... rules) throws PolicyException {
    policies = fixture.start(new PolicyConfig(List.of(), List.of(limit), null, null, List.of(rules)));
    return policies;
  }

  @Test
  void aClientGetsItsBurstThen429WithRetryAfterAndRateLimitFields() throws Exception {
    start(limit("per-client", 5, 5, "client-address", 100),
        rule("t.yaml:9", r -> r.service(LIBRARY).httpMethods("GET").limits("per-client")));

    for (int i = 4; i >= 0; i--) {
      PolicyFixture.Outcome ok = fixture.admit(policies, LIST_SHELVES, r -> r);
      ok.allow();
      assertThat(ok.immediate()).isTrue();
      assertThat(ok.header("ratelimit-policy")).isEqualTo("\"per-client\";q=5;w=1");
      assertThat(ok.header("ratelimit")).startsWith("\"per-client\";r=" + i + ";t=");
    }
    PolicyFixture.Outcome refused = fixture.admit(policies, LIST_SHELVES, r -> r);
    Decision.Deny deny = refused.deny();
    assertThat(deny.error().httpStatus()).isEqualTo(429);
    assertThat(deny.error().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(deny.reason()).isEqualTo(PolicyReasons.RATE_LIMITED);
    assertThat(deny.policy()).isEqualTo("rate_limit");
    assertThat(deny.error().message()).isEqualTo("rate limit 'per-client' exceeded: at most 5 requests per 1s; retry in 1s");
    assertThat(refused.header("retry-after")).isEqualTo("1");
    assertThat(refused.header("ratelimit")).isEqualTo("\"per-client\";r=0;t=1");
  }

  @Test
  void theBucketRefillsAtTheConfiguredRate() throws Exception {
    start(limit("slow", 2, 2, "client-address", 100), rule("t.yaml:9", r -> r.limits("slow")));
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).deny();

    fixture.advance(Duration.ofMillis(500)); // one token (2 per second)
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).deny();

    fixture.advance(Duration.ofSeconds(5)); // full again, never fuller than the burst
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).deny();
  }

  @Test
  void eachClientAddressHasItsOwnBucketAndRoutesNamingTheLimitShareIt() throws Exception {
    start(limit("reads", 1, 1, "client-address", 100), rule("t.yaml:9", r -> r.httpMethods("GET").limits("reads")));

    fixture.admit(policies, LIST_SHELVES, request(LIST_SHELVES, "10.0.0.1").build()).allow();
    fixture.admit(policies, LIST_SHELVES, request(LIST_SHELVES, "10.0.0.2").build()).allow();
    assertThat(fixture.admit(policies, GET_SHELF, request(GET_SHELF, "10.0.0.1").build()).deny().reason())
        .as("one budget across the routes naming the limit").isEqualTo(PolicyReasons.RATE_LIMITED);
    fixture.admit(policies, CREATE_SHELF, request(CREATE_SHELF, "10.0.0.1").build()).allow(); // not a GET: no limit
  }

  @Test
  void aHeaderKeyFallsBackToTheClientAddressWhenTheHeaderIsMissing() throws Exception {
    start(limit("per-key", 1, 1, "header:X-Api-Key", 100), rule("t.yaml:9", r -> r.limits("per-key")));

    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", "a")).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", "b")).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", "a")).deny();
    fixture.admit(policies, LIST_SHELVES, r -> r).allow(); // no key: the address's own bucket
    fixture.admit(policies, LIST_SHELVES, r -> r).deny();
  }

  @Test
  void aConstantKeyIsOneBudgetForEveryClient() throws Exception {
    start(limit("everyone", 2, 2, "constant", 100), rule("t.yaml:9", r -> r.limits("everyone")));

    fixture.admit(policies, LIST_SHELVES, request(LIST_SHELVES, "10.0.0.1").build()).allow();
    fixture.admit(policies, LIST_SHELVES, request(LIST_SHELVES, "10.0.0.2").build()).allow();
    fixture.admit(policies, LIST_SHELVES, request(LIST_SHELVES, "10.0.0.3").build()).deny();
  }

  @Test
  void whenTheKeyTableIsFullRefilledBucketsAreForgottenAndNewcomersShareOneBucket() {
    TokenBuckets buckets = new TokenBuckets(limit("small", 1, 1, "client-address", 3), fixture.nanos::get);
    for (int i = 1; i <= 3; i++) {
      assertThat(buckets.take("10.0.1." + i)).isZero();
    }
    // Full table, nothing refilled yet: two newcomers share the one overflow bucket.
    assertThat(buckets.take("10.0.2.1")).isZero();
    assertThat(buckets.take("10.0.2.2")).isNegative();
    assertThat(buckets.size()).as("the table never grows past max-keys").isEqualTo(3);
    assertThat(buckets.take("10.0.1.1")).as("known clients keep their own bucket").isNegative();

    fixture.advance(Duration.ofSeconds(2)); // every bucket refilled: the sweep forgets them
    assertThat(buckets.take("10.0.3.1")).isZero();
    assertThat(buckets.size()).isEqualTo(1);
  }

  @Test
  void aRefusalSaysHowLongUntilTheNextToken() {
    TokenBuckets buckets = new TokenBuckets(
        new LocalLimitSpec("x", 4, Duration.ofSeconds(2), 1, KeySource.parse("constant"), 10, "t:1"), fixture.nanos::get);
    assertThat(buckets.take("k")).isZero();
    long taken = buckets.take("k");
    assertThat(TokenBuckets.waitNanos(taken)).isEqualTo(Duration.ofMillis(500).toNanos());
  }

  @Test
  void theKeyTableHoldsLongHeaderValuesAsFixedLengthDigests() throws Exception {
    start(limit("per-key", 1, 1, "header:X-Api-Key", 100), rule("t.yaml:9", r -> r.limits("per-key")));
    String huge = "k".repeat(8000);

    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", huge)).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", huge)).deny();
    fixture.admit(policies, LIST_SHELVES, r -> r.header("X-Api-Key", huge + "x")).allow();
  }
}
