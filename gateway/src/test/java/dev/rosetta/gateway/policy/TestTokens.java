package dev.rosetta.gateway.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keys and tokens made in the test with nimbus-jose-jwt's own signers (Ed25519 through Tink,
 * test scope only, so that the gateway's JDK-based Ed25519 verification is checked against an
 * independent signer).
 */
final class TestTokens {
  static final String ISSUER = "https://issuer.test/";
  static final String AUDIENCE = "library-api";

  private TestTokens() {}

  static RSAKey rsa(String kid) throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  static ECKey ec(String kid) throws JOSEException {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  static OctetKeyPair ed25519(String kid) throws JOSEException {
    return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
  }

  /** The public JWK Set of {@code keys}, as an issuer publishes it. */
  static String jwks(JWK... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** Valid claims: our issuer and audience, subject alice, expiring in five minutes. */
  static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  static String mint(JWK key) throws JOSEException {
    return mint(key, c -> c);
  }

  static String mint(JWK key, UnaryOperator<JWTClaimsSet.Builder> claims) throws JOSEException {
    JWSSigner signer;
    JWSAlgorithm alg;
    if (key instanceof RSAKey rsa) {
      signer = new RSASSASigner(rsa);
      alg = JWSAlgorithm.RS256;
    } else if (key instanceof ECKey ec) {
      signer = new ECDSASigner(ec);
      alg = JWSAlgorithm.ES256;
    } else {
      signer = new Ed25519Signer((OctetKeyPair) key);
      alg = JWSAlgorithm.EdDSA;
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
        claims.apply(claims()).build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** A token signed with HMAC under a secret: never accepted, whatever the secret. */
  static String hmac(String secret) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }
}
