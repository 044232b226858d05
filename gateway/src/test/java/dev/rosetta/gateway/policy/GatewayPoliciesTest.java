package dev.rosetta.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway builds its policies at start-up over its real route table: rules that do not
 * resolve stop start-up (from the command line too, with the file and line), and a descriptor
 * reload re-resolves them (the command line's file:line errors: cli/PolicyStartupTest).
 */
class GatewayPoliciesTest {
  private static final String ECHO = "rosetta.test.e2e.v1.EchoService";
  private static final LocalLimitSpec LIMIT =
      new LocalLimitSpec("per-client", 10, Duration.ofSeconds(1), 10, KeySource.parse("client-address"), 100, "r.yaml:3");

  @Test
  void theGatewayResolvesItsPoliciesOverItsRoutesAndAgainAtAReload() throws Exception {
    PolicyConfig config = new PolicyConfig(List.of(), List.of(LIMIT), null, null,
        List.of(PolicyFixture.rule("r.yaml:8", r -> r.service(ECHO).httpMethods("POST").limits("per-client"))));
    try (GatewayHarness harness = GatewayHarness.start(c -> c.withPolicies(config))) {
      Route echo = harness.gateway.routes().routes().stream()
          .filter(r -> r.httpMethod().equals("POST") && r.template().toString().equals("/e2e/echo")).findFirst().orElseThrow();
      assertThat(harness.gateway.policies().chainFor(echo).description()).isEqualTo("rate-limits [per-client]");

      harness.gateway.reload();

      Route reloaded = harness.gateway.routes().routes().stream()
          .filter(r -> r.httpMethod().equals("POST") && r.template().toString().equals("/e2e/echo")).findFirst().orElseThrow();
      assertThat(reloaded).isNotSameAs(echo);
      assertThat(harness.gateway.policies().engine().describe()).containsEntry("POST /e2e/echo", "rate-limits [per-client]")
          .containsEntry("GET /e2e/names", "none");
    }
  }

  @Test
  void aRuleThatSelectsNoRouteStopsStartUp() {
    PolicyConfig config = new PolicyConfig(List.of(), List.of(LIMIT), null, null,
        List.of(PolicyFixture.rule("r.yaml:8", r -> r.service("rosetta.test.e2e.v1.EchoServce").limits("per-client"))));

    assertThatThrownBy(() -> GatewayHarness.start(c -> c.withPolicies(config))).isInstanceOf(StartupException.class)
        .hasMessageStartingWith("r.yaml:8: policies.routes: this rule selects no route");
  }
}
