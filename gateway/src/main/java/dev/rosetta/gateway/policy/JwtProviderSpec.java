package dev.rosetta.gateway.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JWT issuer the gateway trusts: an entry of {@code policies.jwt.providers}. Immutable.
 *
 * @param name how routes refer to it, and the {@code jwt.provider} annotation
 * @param issuer the exact {@code iss} its tokens carry
 * @param audiences accepted {@code aud} values; a token must name one of them; empty: not checked
 * @param jwks where its keys come from
 * @param clockSkew leeway for {@code exp} and {@code nbf}
 * @param algorithms accepted {@code alg} values (RS*, PS*, ES*, EdDSA/Ed25519; never none or HMAC)
 * @param from where tokens are looked for, in order
 * @param forwardClaims claim name → metadata name, e.g. {@code sub → x-user-id}
 * @param forwardToken keep the token's header on the backend call (default: removed, as Envoy does)
 * @param where {@code file:line}, for errors
 */
public record JwtProviderSpec(String name, String issuer, List<String> audiences, JwksSpec jwks, Duration clockSkew,
    Set<String> algorithms, List<TokenSource> from, Map<String, String> forwardClaims, boolean forwardToken,
    String where) {

  /** The algorithms a provider accepts unless told otherwise. */
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "EdDSA", "Ed25519");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  public JwtProviderSpec {
    audiences = List.copyOf(audiences);
    algorithms = Set.copyOf(algorithms);
    from = from.isEmpty() ? List.of(TokenSource.BEARER) : List.copyOf(from);
    forwardClaims = Map.copyOf(forwardClaims);
    for (String alg : algorithms) {
      if (!DEFAULT_ALGORITHMS.contains(alg)) {
        throw new IllegalArgumentException("'" + alg + "' is not an accepted algorithm: use some of "
            + new java.util.TreeSet<>(DEFAULT_ALGORITHMS) + " (none and HMAC are never accepted)");
      }
    }
  }
}
