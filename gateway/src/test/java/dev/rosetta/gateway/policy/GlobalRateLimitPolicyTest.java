package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.rosetta.gateway.route.Route;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The global rate limit against a real grpc-java {@code envoy.service.ratelimit.v3.RateLimitService}
 * on loopback: the descriptor sent, OK with the service's headers, OVER_LIMIT as 429 with
 * {@code Retry-After} from the service's reset, and both failure modes.
 */
class GlobalRateLimitPolicyTest {
  private static final Route GET_SHELF = route("GET", "/v1/{name=shelves/*}");

  private final PolicyFixture fixture = new PolicyFixture();

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private PolicyServers.RateLimits server(Function<RateLimitRequest, RateLimitResponse> answer) throws Exception {
    PolicyServers.RateLimits rls = PolicyServers.RateLimits.start(answer);
    fixture.closeLater(rls);
    return rls;
  }

  private Policies start(PolicyServers.RateLimits rls, boolean failureModeAllow) throws PolicyException {
    GlobalLimitSpec spec = new GlobalLimitSpec(PolicyServers.service("rls", rls), "rosetta",
        java.time.Duration.ofMillis(300), failureModeAllow, List.of(
            new GlobalLimitSpec.Entry("remote_address", KeySource.parse("client-address")),
            new GlobalLimitSpec.Entry("api_key", KeySource.parse("header:x-api-key")),
            new GlobalLimitSpec.Entry("route", KeySource.parse("route")),
            new GlobalLimitSpec.Entry("generic_key", KeySource.parse("constant:library"))), "t:1");
    Policies policies = fixture.start(new PolicyConfig(List.of(), List.of(), null, spec,
        List.of(rule("t.yaml:5", r -> r.service(LIBRARY).global(true)))));
    return policies;
  }

  private static RateLimitResponse.DescriptorStatus status(RateLimitResponse.Code code, int remaining, long resetSeconds) {
    return RateLimitResponse.DescriptorStatus.newBuilder().setCode(code)
        .setCurrentLimit(RateLimitResponse.RateLimit.newBuilder().setName("per-ip").setRequestsPerUnit(100)
            .setUnit(RateLimitResponse.RateLimit.Unit.MINUTE))
        .setLimitRemaining(remaining).setDurationUntilReset(Duration.newBuilder().setSeconds(resetSeconds)).build();
  }

  @Test
  void theServiceGetsTheDomainAndOneDescriptorAndItsOkHeadersComeBack() throws Exception {
    PolicyServers.RateLimits rls = server(r -> RateLimitResponse.newBuilder().setOverallCode(RateLimitResponse.Code.OK)
        .addStatuses(status(RateLimitResponse.Code.OK, 41, 30))
        .addRequestHeadersToAdd(HeaderValue.newBuilder().setKey("x-quota-tier").setValue("gold"))
        .addResponseHeadersToAdd(HeaderValue.newBuilder().setKey("x-ratelimit-note").setValue("fine")).build());
    Policies policies = start(rls, false);

    PolicyFixture.Outcome outcome = fixture.admit(policies, GET_SHELF, r -> r.path("/v1/shelves/scifi"));
    Decision.Allow allow = outcome.allow();

    RateLimitRequest sent = rls.requests.poll(5, TimeUnit.SECONDS);
    assertThat(sent.getDomain()).isEqualTo("rosetta");
    assertThat(sent.getHitsAddend()).isEqualTo(1);
    assertThat(sent.getDescriptorsList()).hasSize(1);
    assertThat(sent.getDescriptors(0).getEntriesList()).as("the absent x-api-key leaves its entry out").containsExactly(
        RateLimitDescriptor.Entry.newBuilder().setKey("remote_address").setValue("127.0.0.1").build(),
        RateLimitDescriptor.Entry.newBuilder().setKey("route").setValue("GET /v1/{name=shelves/*}").build(),
        RateLimitDescriptor.Entry.newBuilder().setKey("generic_key").setValue("library").build());
    assertThat(allow.metadata()).containsExactly(Header.set("x-quota-tier", "gold"));
    assertThat(outcome.header("x-ratelimit-note")).isEqualTo("fine");
    assertThat(outcome.header("ratelimit-policy")).isEqualTo("\"per-ip\";q=100;w=60");
    assertThat(outcome.header("ratelimit")).isEqualTo("\"per-ip\";r=41;t=30");
  }

  @Test
  void overLimitIs429WithRetryAfterFromTheServicesReset() throws Exception {
    Policies policies = start(server(r -> RateLimitResponse.newBuilder()
        .setOverallCode(RateLimitResponse.Code.OVER_LIMIT)
        .addStatuses(status(RateLimitResponse.Code.OVER_LIMIT, 0, 17)).build()), true);

    PolicyFixture.Outcome outcome = fixture.admit(policies, GET_SHELF, r -> r);
    Decision.Deny deny = outcome.deny();

    assertThat(deny.error().httpStatus()).isEqualTo(429);
    assertThat(deny.reason()).isEqualTo(PolicyReasons.GLOBAL_RATE_LIMITED);
    assertThat(deny.policy()).isEqualTo("global_rate_limit");
    assertThat(outcome.header("retry-after")).isEqualTo("17");
    assertThat(outcome.header("ratelimit")).isEqualTo("\"per-ip\";r=0;t=17");
  }

  @Test
  void aFailingServiceLetsRequestsThroughByDefaultOrRefusesWith503() throws Exception {
    PolicyServers.RateLimits slow = server(r -> RateLimitResponse.newBuilder().setOverallCode(RateLimitResponse.Code.OK).build());
    slow.delayMillis.set(2_000);

    Decision.Allow allowed = fixture.admit(start(slow, true), GET_SHELF, r -> r).allow();
    assertThat(allowed.annotations()).containsEntry("rate_limit", "service_failed_allowed");

    Decision.Deny deny = fixture.admit(start(slow, false), GET_SHELF, r -> r).deny();
    assertThat(deny.error().httpStatus()).isEqualTo(503);
    assertThat(deny.reason()).isEqualTo(PolicyReasons.RATE_LIMIT_SERVICE_FAILED);
  }
}
