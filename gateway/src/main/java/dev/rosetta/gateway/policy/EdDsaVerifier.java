package dev.rosetta.gateway.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Verifies Ed25519 signatures (JWS {@code EdDSA}, RFC 8037; {@code Ed25519}, RFC 9864) with the
 * JDK's own Ed25519 ({@code Signature "Ed25519"}, JDK 15+). nimbus-jose-jwt's Ed25519Verifier
 * needs Google Tink on the class path (several MB, and a second protobuf user); the JDK provider
 * does the same verification without it. Only the key's encoding is done here: the raw 32-byte
 * public key wrapped in its X.509 SubjectPublicKeyInfo (RFC 8410 section 4). Immutable.
 */
final class EdDsaVerifier implements JWSVerifier {
  /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) ... 32 bytes }: RFC 8410. */
  private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final PublicKey key;
  private final JCAContext jca = new JCAContext();

  EdDsaVerifier(OctetKeyPair jwk) throws JOSEException {
    if (!Curve.Ed25519.equals(jwk.getCurve())) {
      throw new JOSEException("only the Ed25519 curve is supported, not " + jwk.getCurve());
    }
    byte[] x = jwk.getDecodedX();
    if (x.length != 32) {
      throw new JOSEException("an Ed25519 public key has 32 bytes, not " + x.length);
    }
    byte[] der = new byte[X509_PREFIX.length + 32];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(x, 0, der, X509_PREFIX.length, 32);
    try {
      this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
    if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
      return false;
    }
    // RFC 7515 section 4.1.11: a header parameter listed in "crit" that we do not understand
    // makes the JWS invalid; we understand none beyond the registered ones.
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
