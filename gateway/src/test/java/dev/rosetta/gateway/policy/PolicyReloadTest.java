package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Swapping policies while requests run: decisions in flight finish on the settings they began
 * with, live parts (buckets, channels) of unchanged settings are kept, a refused configuration
 * changes nothing, and a new route table gets its chains.
 */
class PolicyReloadTest {
  private static final Route LIST_SHELVES = route("GET", "/v1/shelves");

  private final PolicyFixture fixture = new PolicyFixture();
  private PolicyServers.Authz authz;
  private Policies policies;

  @BeforeEach
  void start() throws Exception {
    authz = fixture.closeLater(PolicyServers.Authz.allowingAll());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static final LocalLimitSpec LIMIT =
      new LocalLimitSpec("reads", 2, Duration.ofSeconds(60), 2, KeySource.parse("client-address"), 100, "t.yaml:4");

  private PolicyConfig config(boolean withAuthz, RouteRule... rules) {
    return new PolicyConfig(List.of(), List.of(LIMIT), withAuthz ? new AuthzSpec(PolicyServers.service("authz", authz),
        Duration.ofSeconds(5), false, 403, 0, false, "t.yaml:7") : null, null, List.of(rules));
  }

  @Test
  void requestsInFlightDuringAReloadAllGetTheirAnswer() throws Exception {
    policies = fixture.start(config(true, rule("t.yaml:10", r -> r.service(LIBRARY).authz(true))));
    authz.delayMillis.set(300);
    List<CompletableFuture<Decision>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      EventLoop loop = fixture.group.next();
      CompletableFuture<Decision> answer = new CompletableFuture<>();
      PolicyChain chain = policies.chainFor(LIST_SHELVES); // what a request takes when it starts
      loop.execute(() -> chain.admit(PolicyFixture.request(LIST_SHELVES).build(), loop)
          .whenComplete((d, e) -> answer.complete(d)));
      inFlight.add(answer);
    }
    PolicyFixture.eventually(Duration.ofSeconds(5), () -> authz.calls.get() == 20);

    policies.update(config(false, rule("t.yaml:10", r -> r.service(LIBRARY).limits("reads"))));

    for (CompletableFuture<Decision> answer : inFlight) {
      assertThat(answer.get(5, TimeUnit.SECONDS)).as("finished on the authorization call it began with")
          .isInstanceOf(Decision.Allow.class);
    }
    PolicyFixture.Outcome after = fixture.admit(policies, LIST_SHELVES, r -> r);
    assertThat(after.header("ratelimit")).as("new requests get the new settings").isNotNull();
    assertThat(authz.calls.get()).isEqualTo(20);
  }

  @Test
  void aReloadThatLeavesALimitAsItWasKeepsItsBuckets() throws Exception {
    policies = fixture.start(config(false, rule("t.yaml:10", r -> r.limits("reads"))));
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();

    policies.update(config(false, rule("t.yaml:11", r -> r.service(LIBRARY).limits("reads"))));

    assertThat(fixture.admit(policies, LIST_SHELVES, r -> r).deny().reason()).isEqualTo(PolicyReasons.RATE_LIMITED);
  }

  @Test
  void aRefusedReloadLeavesThePoliciesInForce() throws Exception {
    policies = fixture.start(config(false, rule("t.yaml:10", r -> r.limits("reads"))));
    PolicyEngine before = policies.engine();

    assertThatThrownBy(() -> policies.update(config(false, rule("t.yaml:10", r -> r.template("/v2/none").limits("reads")))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("selects no route");

    assertThat(policies.engine()).isSameAs(before);
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
  }

  @Test
  void aNewRouteTableGetsItsChainsAndKeepsTheBuckets() throws Exception {
    policies = fixture.start(config(false, rule("t.yaml:10", r -> r.limits("reads"))));
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    fixture.admit(policies, LIST_SHELVES, r -> r).allow();
    RouteTable reloaded = RouteTable.build(Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE)));
    Route fresh = reloaded.routes().stream().filter(r -> r.httpMethod().equals("GET")
        && r.template().toString().equals("/v1/shelves")).findFirst().orElseThrow();

    policies.routesChanged(reloaded);

    assertThat(policies.chainFor(fresh).description()).isEqualTo("rate-limits [reads]");
    assertThat(fixture.admit(policies, fresh, r -> r).deny().reason()).isEqualTo(PolicyReasons.RATE_LIMITED);
  }
}
