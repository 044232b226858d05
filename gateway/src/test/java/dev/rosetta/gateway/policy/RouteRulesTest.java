package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which rule's setting a route gets: per setting, the most specific rule that sets it (every
 * route &lt; service &lt; method &lt; template, each beaten by itself plus http-methods), and
 * start-up refusals for conflicts and rules that select nothing.
 */
class RouteRulesTest {
  private static final List<RouteRule> RULES = List.of(
      rule("r:1", r -> r.jwt(JwtRequirement.REQUIRED).limits("everyone")),
      rule("r:2", r -> r.httpMethods("GET").jwt(JwtRequirement.OPTIONAL)),
      rule("r:3", r -> r.service(LIBRARY).authz(true)),
      rule("r:4", r -> r.service("rosetta.examples.*").httpMethods("DELETE").jwt(JwtRequirement.REQUIRED).authz(false)),
      rule("r:5", r -> r.method(LIBRARY + "/SearchBooks").jwt(JwtRequirement.NONE)),
      rule("r:6", r -> r.template("/v1/shelves").jwt(JwtRequirement.NONE).limits()),
      rule("r:7", r -> r.template("/v1/shelves").httpMethods("POST").jwt(JwtRequirement.REQUIRED)));

  @ParameterizedTest(name = "{0} {1}: jwt {2}, authz {3}, limits {4}")
  @CsvSource(delimiter = '|', value = {
      "POST   | /v1/{parent=shelves/*}/books       | required | true  | everyone", // r:1, r:3
      "GET    | /v1/{name=shelves/*/books/*}       | optional | true  | everyone", // r:2 beats r:1
      "DELETE | /v1/{name=shelves/*/books/*}       | required | false | everyone", // r:4 (service+method) beats r:3
      "GET    | /v1/books:search                   | none     | true  | everyone", // r:5 (method) beats r:2
      "GET    | /v1/shelves                        | none     | true  | ''",       // r:6 (template) empties the limits
      "POST   | /v1/shelves                        | required | true  | ''",       // r:7 beats r:6 on jwt only
  })
  void eachSettingComesFromTheMostSpecificRuleThatSetsIt(String method, String template, String jwt, boolean authz,
      String limits) throws PolicyException {
    RoutePolicy policy = RoutePolicy.resolve(RULES, RouteKey.of(route(method, template)));

    assertThat(policy.jwt()).hasToString(jwt);
    assertThat(policy.authz()).isEqualTo(authz);
    assertThat(policy.rateLimits()).isEqualTo(limits.isEmpty() ? List.of() : List.of(limits));
  }

  @Test
  void twoRulesOfTheSamePrecedenceThatDisagreeStopStartUpNamingBoth() {
    List<RouteRule> rules = List.of(rule("a.yaml:4", r -> r.service(LIBRARY).jwt(JwtRequirement.REQUIRED)),
        rule("a.yaml:9", r -> r.service("rosetta.examples.library.*").jwt(JwtRequirement.NONE)));

    assertThatThrownBy(() -> RoutePolicy.resolve(rules, RouteKey.of(route("GET", "/v1/shelves"))))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("a.yaml:9: policies.routes: this rule and the one at a.yaml:4 both set jwt for GET /v1/shelves");
  }

  @Test
  void twoRulesOfTheSamePrecedenceThatAgreeAreFine() throws PolicyException {
    List<RouteRule> rules = List.of(rule("a.yaml:4", r -> r.service(LIBRARY).authz(true)),
        rule("a.yaml:9", r -> r.service("rosetta.examples.library.*").authz(true)));

    assertThat(RoutePolicy.resolve(rules, RouteKey.of(route("GET", "/v1/shelves"))).authz()).isTrue();
  }

  @Test
  void aRuleThatSelectsNoRouteStopsStartUp() {
    PolicyConfig config = new PolicyConfig(List.of(), List.of(), null, null,
        List.of(rule("a.yaml:7", r -> r.template("/v1/shelfs").authz(false))));

    assertThatThrownBy(() -> PolicyEngine.verify(config, PolicyFixture.ROUTES)).isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("a.yaml:7: policies.routes: this rule selects no route");
  }

  @Test
  void aRuleNamingALimitOrProviderThatDoesNotExistStopsStartUp() {
    PolicyConfig limits = new PolicyConfig(List.of(), List.of(), null, null,
        List.of(rule("a.yaml:7", r -> r.limits("nope"))));
    assertThatThrownBy(limits::validated).hasMessage("a.yaml:7: rate-limits: no rate limit is named 'nope'; known: []");

    PolicyConfig jwt = new PolicyConfig(List.of(), List.of(), null, null,
        List.of(rule("a.yaml:8", r -> r.jwt(JwtRequirement.REQUIRED))));
    assertThatThrownBy(jwt::validated).hasMessage("a.yaml:8: jwt: required needs a provider in policies.jwt.providers");
  }
}
