package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.rosetta.gateway.route.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain's order with every policy on one route: rate limit → JWT → (limits keyed by a
 * claim) → authorization, each refusing before the next runs.
 */
class PolicyChainTest {
  private static final Route CREATE_SHELF = route("POST", "/v1/shelves");

  @TempDir Path dir;
  private final PolicyFixture fixture = new PolicyFixture();
  private PolicyServers.Authz authz;
  private ECKey key;
  private Path jwks;
  private Policies policies;

  @BeforeEach
  void start() throws Exception {
    authz = fixture.closeLater(PolicyServers.Authz.allowingAll());
    key = TestTokens.ec("k1");
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, TestTokens.jwks(key));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Policies start(LocalLimitSpec limit) throws PolicyException {
    JwtProviderSpec provider = new JwtProviderSpec("idp", TestTokens.ISSUER, List.of(), new JwksSpec(null, jwks, null,
        Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(10)), Duration.ZERO,
        JwtProviderSpec.DEFAULT_ALGORITHMS, List.of(), Map.of(), false, "t.yaml:3");
    AuthzSpec authzSpec = new AuthzSpec(PolicyServers.service("authz", authz), Duration.ofSeconds(2), false, 403, 0, false,
        "t.yaml:8");
    policies = fixture.start(new PolicyConfig(List.of(provider), List.of(limit), authzSpec, null, List.of(
        rule("t.yaml:12", r -> r.service(LIBRARY).jwt(JwtRequirement.REQUIRED).limits(limit.name()).authz(true)))));
    return policies;
  }

  private static LocalLimitSpec limit(String key) {
    return new LocalLimitSpec("one", 1, Duration.ofSeconds(60), 1, KeySource.parse(key), 100, "t.yaml:6");
  }

  private PolicyFixture.Outcome admit(String token) throws Exception {
    return fixture.admit(policies, CREATE_SHELF, r -> token == null ? r : r.header("Authorization", "Bearer " + token));
  }

  @Test
  void theRateLimitRefusesBeforeTheTokenIsLookedAt() throws Exception {
    start(limit("client-address"));

    PolicyFixture.Outcome first = admit(null);
    assertThat(first.deny().reason()).isEqualTo(PolicyReasons.JWT_MISSING);
    assertThat(first.header("ratelimit")).as("the limit's fields ride on the 401").startsWith("\"one\";r=0;");

    assertThat(admit(TestTokens.mint(key)).deny().reason()).isEqualTo(PolicyReasons.RATE_LIMITED);
    assertThat(authz.calls.get()).isZero();
  }

  @Test
  void authorizationIsAskedOnlyAboutRequestsWithAValidToken() throws Exception {
    start(limit("constant"));

    assertThat(admit("not-a-token").deny().reason()).isEqualTo(PolicyReasons.JWT_MALFORMED);
    assertThat(authz.calls.get()).isZero();

    policies.close();
    start(limit("claim:sub"));
    Decision.Allow allow = admit(TestTokens.mint(key)).allow();
    assertThat(authz.calls.get()).isEqualTo(1);
    assertThat(allow.annotations()).containsEntry("jwt.provider", "idp").containsEntry("authz", "ok");
  }

  @Test
  void aLimitKeyedByAClaimRunsAfterTheJwtCheckWithTheVerifiedClaim() throws Exception {
    start(limit("claim:sub"));

    assertThat(admit(null).deny().reason()).as("no token: the JWT check answers, no bucket is spent")
        .isEqualTo(PolicyReasons.JWT_MISSING);
    admit(TestTokens.mint(key, c -> c.subject("alice"))).allow();
    assertThat(admit(TestTokens.mint(key, c -> c.subject("alice"))).deny().reason()).isEqualTo(PolicyReasons.RATE_LIMITED);
    admit(TestTokens.mint(key, c -> c.subject("bob"))).allow();
    assertThat(policies.chainFor(CREATE_SHELF).description())
        .isEqualTo("rate-limits [one], jwt required [idp], authz");
    assertThat(policies.engine().describe()).as("what `rosetta routes` and the admin listing will show")
        .containsEntry("POST /v1/shelves", "rate-limits [one], jwt required [idp], authz");
  }
}
