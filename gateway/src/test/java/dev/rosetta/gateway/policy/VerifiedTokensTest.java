package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.rosetta.gateway.route.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of accepted tokens skips only what cannot have changed: a token accepted before
 * still expires, is checked again once the issuer's keys change, and again when a reload changes
 * its provider.
 */
class VerifiedTokensTest {
  private static final Route CREATE_SHELF = route("POST", "/v1/shelves");

  @TempDir Path dir;
  private final PolicyFixture fixture = new PolicyFixture();

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Path jwks(RSAKey... keys) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, TestTokens.jwks(keys));
    return file;
  }

  private static PolicyConfig config(Path jwks, String audience) {
    JwtProviderSpec provider = new JwtProviderSpec("idp", TestTokens.ISSUER, List.of(audience),
        new JwksSpec(null, jwks, null, Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ZERO), Duration.ZERO,
        JwtProviderSpec.DEFAULT_ALGORITHMS, List.of(TokenSource.BEARER), Map.of("sub", "x-user"), false, "t.yaml:3");
    return new PolicyConfig(List.of(provider), List.of(), null, null,
        List.of(rule("t.yaml:9", r -> r.service(LIBRARY).jwt(JwtRequirement.REQUIRED))));
  }

  private PolicyFixture.Outcome admit(Policies policies, String token) throws Exception {
    return fixture.admit(policies, CREATE_SHELF, r -> r.header("Authorization", "Bearer " + token));
  }

  /** Policies over {@code file}'s keys, once they have accepted {@code token} (so it is remembered). */
  private Policies acceptedOnce(Path file, String token) throws Exception {
    Policies policies = fixture.start(config(file, TestTokens.AUDIENCE));
    eventually("keys loaded and the token accepted", Duration.ofSeconds(5),
        () -> admit(policies, token).decision() instanceof Decision.Allow);
    return policies;
  }

  @Test
  void anAcceptedTokenStillExpires() throws Exception {
    RSAKey key = TestTokens.rsa("k1");
    Policies policies = acceptedOnce(jwks(key), TestTokens.mint(key));
    String shortLived = TestTokens.mint(key, c -> c.expirationTime(Date.from(Instant.now().plusSeconds(2))));
    Decision.Allow first = admit(policies, shortLived).allow();
    assertThat(first.metadata()).contains(Header.set("x-user", "alice"));
    assertThat(admit(policies, shortLived).allow().metadata()).as("accepted again, claims forwarded again")
        .contains(Header.set("x-user", "alice"));

    eventually("the token expires though accepted before", Duration.ofSeconds(5),
        () -> admit(policies, shortLived).decision() instanceof Decision.Deny deny
            && deny.reason().equals(PolicyReasons.JWT_EXPIRED));
  }

  @Test
  void anAcceptedTokenIsCheckedAgainOnceTheIssuersKeysChange() throws Exception {
    RSAKey retired = TestTokens.rsa("k-old");
    String token = TestTokens.mint(retired);
    Policies policies = acceptedOnce(jwks(retired), token);

    RSAKey next = TestTokens.rsa("k-new");
    jwks(next);
    admit(policies, TestTokens.mint(next)).allow(); // its unknown kid fetches the keys again

    assertThat(admit(policies, token).deny().reason()).isEqualTo(PolicyReasons.JWT_UNKNOWN_KEY);
  }

  @Test
  void anAcceptedTokenIsCheckedAgainWhenAReloadChangesItsProvider() throws Exception {
    RSAKey key = TestTokens.rsa("k1");
    Path file = jwks(key);
    String token = TestTokens.mint(key);
    Policies policies = acceptedOnce(file, token);

    policies.update(config(file, "another-api"));

    assertThat(admit(policies, token).deny().reason()).isEqualTo(PolicyReasons.JWT_AUDIENCE);
  }
}
