package dev.rosetta.gateway.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The JWT check of a route: find the token where the route's providers look for it, pick the
 * provider by its {@code iss}, verify the signature with that provider's keys, then the time
 * and audience claims; forward the claims the provider names as metadata. Tokens are verified
 * with nimbus-jose-jwt's verifiers (and the JDK's Ed25519); no cryptography here.
 *
 * <p>The checks run in this order, and the first that fails names the reason: malformed,
 * algorithm, issuer, key, signature, then expiry, not-before and audience. The time and
 * audience claims are read only once the signature holds, so a forged token learns nothing but
 * "bad signature". With the issuer's keys cached, the whole check runs at once on the caller's
 * thread; a first fetch or an unknown {@code kid}'s refetch suspends it. Thread safe.
 */
final class JwtStage implements Stage {
  /** A provider with its live keys. */
  record Provider(JwtProviderSpec spec, JwksCache keys) {}

  /** Far above any real token (a few hundred bytes to a few KB); a longer one is not parsed. */
  static final int MAX_TOKEN_CHARS = 16 * 1024;
  private static final String REALM = "rosetta";

  private final JwtRequirement requirement;
  private final List<Provider> providers;

  JwtStage(JwtRequirement requirement, List<Provider> providers) {
    this.requirement = requirement;
    this.providers = List.copyOf(providers);
  }

  @Override
  public CompletableFuture<Decision.Deny> check(PolicyContext context) {
    // A client must never be able to send what looks like a verified claim: the forwarded names
    // are removed from what it sent, token or not.
    for (Provider provider : providers) {
      for (String header : provider.spec().forwardClaims().values()) {
        context.removeMetadata(header);
      }
    }
    String token = null;
    for (Provider provider : providers) {
      for (TokenSource source : provider.spec().from()) {
        String found = source.find(context.request);
        if (found == null) {
          continue;
        }
        if (token == null) {
          token = found;
        }
        if (source.kind() == TokenSource.Kind.QUERY) {
          context.dropQueryParameter(source.name());
        } else if (source.kind() == TokenSource.Kind.HEADER && !provider.spec().forwardToken()) {
          context.removeMetadata(source.name());
        }
      }
    }
    if (token == null) {
      return requirement == JwtRequirement.REQUIRED ? refuse(context, PolicyReasons.JWT_MISSING, null, "a token is required")
          : PASS;
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return invalid(context, PolicyReasons.JWT_MALFORMED, "the token is not a well-formed signed JWT");
    }
    for (Provider provider : providers) {
      JwtKeys keys = provider.keys().keys();
      JWTClaimsSet known = keys == null ? null : provider.keys().verified().claims(token, provider.spec(), keys);
      if (known != null) {
        // Verified before by these keys and settings: only the time claims and audience are checked again.
        Decision.Deny deny = checkClaims(context, provider, known);
        return deny == null ? PASS : CompletableFuture.completedFuture(deny);
      }
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid(context, PolicyReasons.JWT_MALFORMED, "the token is not a well-formed signed JWT");
    }
    Provider provider = byIssuer(claims.getIssuer());
    if (provider == null) {
      return invalid(context, PolicyReasons.JWT_ISSUER, "the token's issuer is not accepted here");
    }
    if (!provider.spec().algorithms().contains(jwt.getHeader().getAlgorithm().getName())) {
      return invalid(context, PolicyReasons.JWT_ALGORITHM, "the token's signing algorithm is not accepted");
    }
    JwtKeys keys = provider.keys().keys();
    if (keys == null) {
      return afterRefetch(context, provider, jwt, claims);
    }
    return completed(verify(context, provider, jwt, claims, keys, true), context, provider, jwt, claims);
  }

  /** A result that may still need the refetch an unknown key asks for. */
  private CompletableFuture<Decision.Deny> completed(Decision.Deny deny, PolicyContext context, Provider provider,
      SignedJWT jwt, JWTClaimsSet claims) {
    if (deny != UNKNOWN_KEY_REFETCH) {
      return deny == null ? PASS : CompletableFuture.completedFuture(deny);
    }
    return afterRefetch(context, provider, jwt, claims);
  }

  /** Verifies once the provider's keys were fetched again (or found fetched recently), on the event loop. */
  private CompletableFuture<Decision.Deny> afterRefetch(PolicyContext context, Provider provider, SignedJWT jwt,
      JWTClaimsSet claims) {
    return PolicyCalls.onLoop(provider.keys().refetch(), context.loop, (keys, error) -> keys == null
        ? unavailable(context, provider) : verify(context, provider, jwt, claims, keys, false));
  }

  /** Marks "no key fits, and a refetch may find it": never reaches a client. */
  private static final Decision.Deny UNKNOWN_KEY_REFETCH = Decision.Deny.of("jwt",
      PolicyReasons.unauthenticated(PolicyReasons.JWT_UNKNOWN_KEY, ""), List.of());

  /** Checks the signature and claims with {@code keys}; null when the token is good. On the event loop. */
  private Decision.Deny verify(PolicyContext context, Provider provider, SignedJWT jwt, JWTClaimsSet claims,
      JwtKeys keys, boolean mayRefetch) {
    List<JWSVerifier> candidates = keys.candidates(jwt.getHeader());
    if (candidates.isEmpty()) {
      return mayRefetch ? UNKNOWN_KEY_REFETCH
          : denyInvalid(context, PolicyReasons.JWT_UNKNOWN_KEY, "the token was signed with a key the issuer does not publish");
    }
    boolean verified = false;
    for (JWSVerifier verifier : candidates) {
      try {
        if (jwt.verify(verifier)) {
          verified = true;
          break;
        }
      } catch (JOSEException | IllegalStateException e) {
        // Not this key (or a signature of the wrong length): try the next, else bad signature.
      }
    }
    if (!verified) {
      return denyInvalid(context, PolicyReasons.JWT_SIGNATURE, "the token's signature does not verify");
    }
    Decision.Deny deny = checkClaims(context, provider, claims);
    if (deny == null) {
      provider.keys().verified().accepted(jwt.getParsedString(), provider.spec(), keys, claims);
    }
    return deny;
  }

  /**
   * The claims of a token whose signature holds: expiry, not-before and audience, then accepted
   * (its claims forwarded); null when the token is good. On the event loop.
   */
  private static Decision.Deny checkClaims(PolicyContext context, Provider provider, JWTClaimsSet claims) {
    long now = System.currentTimeMillis();
    long skew = provider.spec().clockSkew().toMillis();
    Date exp = claims.getExpirationTime();
    if (exp != null && now > exp.getTime() + skew) {
      return denyInvalid(context, PolicyReasons.JWT_EXPIRED, "the token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now + skew < nbf.getTime()) {
      return denyInvalid(context, PolicyReasons.JWT_NOT_YET_VALID, "the token is not valid yet");
    }
    List<String> audiences = provider.spec().audiences();
    if (!audiences.isEmpty() && (claims.getAudience() == null
        || claims.getAudience().stream().noneMatch(audiences::contains))) {
      return denyInvalid(context, PolicyReasons.JWT_AUDIENCE, "the token is not meant for this audience");
    }
    accept(context, provider, claims);
    return null;
  }

  private static void accept(PolicyContext context, Provider provider, JWTClaimsSet claims) {
    context.claims = claims.getClaims();
    context.annotate("jwt.provider", provider.spec().name());
    String subject = claims.getSubject();
    if (subject != null) {
      context.annotate("jwt.subject", ClaimValues.bounded(subject));
    }
    provider.spec().forwardClaims().forEach((claim, header) -> {
      String value = ClaimValues.text(claims.getClaim(claim));
      if (value != null) {
        context.addMetadata(Header.set(header, value));
      }
    });
  }

  private Provider byIssuer(String issuer) {
    if (issuer == null) {
      return null;
    }
    for (Provider provider : providers) {
      if (provider.spec().issuer().equals(issuer)) {
        return provider;
      }
    }
    return null;
  }

  private static CompletableFuture<Decision.Deny> invalid(PolicyContext context, String reason, String description) {
    return CompletableFuture.completedFuture(denyInvalid(context, reason, description));
  }

  private static Decision.Deny denyInvalid(PolicyContext context, String reason, String description) {
    return deny(context, reason, "invalid_token", description);
  }

  private static CompletableFuture<Decision.Deny> refuse(PolicyContext context, String reason, String error,
      String description) {
    return CompletableFuture.completedFuture(deny(context, reason, error, description));
  }

  /**
   * 401 with {@code WWW-Authenticate} (RFC 6750 section 3): a request without a token gets the
   * challenge alone (no error code, section 3.1); a bad token gets {@code invalid_token} and a
   * description. Descriptions are fixed texts, never the token or a claim, so they are always
   * legal quoted-string content.
   */
  private static Decision.Deny deny(PolicyContext context, String reason, String error, String description) {
    String challenge = error == null ? "Bearer realm=\"" + REALM + "\""
        : "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\"" + description + "\"";
    String message = reason.equals(PolicyReasons.JWT_MISSING) ? "a bearer token is required"
        : "the bearer token was rejected: " + description;
    List<Header> headers = new ArrayList<>(1);
    headers.add(Header.set("www-authenticate", challenge));
    return context.deny("jwt", PolicyReasons.unauthenticated(reason, message), headers);
  }

  private static Decision.Deny unavailable(PolicyContext context, Provider provider) {
    return context.deny("jwt", PolicyReasons.unavailable(PolicyReasons.JWKS_UNAVAILABLE,
        "the keys of the token's issuer cannot be fetched now; retry later"), List.of());
  }
}
