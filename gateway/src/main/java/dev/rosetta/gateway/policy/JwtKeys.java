package dev.rosetta.gateway.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.List;

/**
 * One fetched JWK Set, ready to verify with: a verifier per usable signing key, made once when
 * the set arrives (not per token). Keys that cannot sign what we accept (symmetric {@code oct}
 * keys, encryption keys, other curves) are left out, so an HMAC token can never be checked
 * against a public key published as a secret. Immutable, thread safe.
 */
final class JwtKeys {
  /** A usable key: its id (may be null), algorithm restriction (may be null) and verifier. */
  private record Entry(String kid, JWSAlgorithm alg, JWSAlgorithm.Family family, Curve curve, JWSVerifier verifier) {}

  /**
   * A token without {@code kid} is tried against every fitting key; more than this many would let
   * one request cost many signature checks, and no real issuer publishes that many at once.
   */
  static final int MAX_CANDIDATES = 8;

  private final List<Entry> entries;

  private JwtKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static JwtKeys of(JWKSet set) {
    List<Entry> entries = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      JWSAlgorithm alg = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
      try {
        if (jwk instanceof RSAKey rsa) {
          entries.add(new Entry(jwk.getKeyID(), alg, JWSAlgorithm.Family.RSA, null, new RSASSAVerifier(rsa)));
        } else if (jwk instanceof ECKey ec) {
          entries.add(new Entry(jwk.getKeyID(), alg, JWSAlgorithm.Family.EC, ec.getCurve(), new ECDSAVerifier(ec)));
        } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
          entries.add(new Entry(jwk.getKeyID(), alg, JWSAlgorithm.Family.ED, okp.getCurve(), new EdDsaVerifier(okp)));
        }
      } catch (JOSEException e) {
        // A key that cannot be used (a curve the JDK lacks, a bad encoding) is skipped; the
        // others still verify. A token signed with it then finds no key.
      }
    }
    return new JwtKeys(entries);
  }

  int size() {
    return entries.size();
  }

  /**
   * The verifiers that may have signed a token with {@code header}: those with its {@code kid}
   * (every key when it names none), of its algorithm's family and curve, and not restricted to
   * another algorithm. Empty when the set has no such key.
   */
  List<JWSVerifier> candidates(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    String kid = header.getKeyID();
    List<JWSVerifier> found = new ArrayList<>(1);
    for (Entry entry : entries) {
      if (kid != null && !kid.equals(entry.kid())) {
        continue;
      }
      if (!entry.family().contains(alg) || (entry.alg() != null && !entry.alg().equals(alg))
          || !curveFits(entry, alg)) {
        continue;
      }
      found.add(entry.verifier());
      if (found.size() == MAX_CANDIDATES) {
        break;
      }
    }
    return found;
  }

  private static boolean curveFits(Entry entry, JWSAlgorithm alg) {
    if (entry.curve() == null || entry.family() == JWSAlgorithm.Family.ED) {
      return true;
    }
    return Curve.forJWSAlgorithm(alg).contains(entry.curve());
  }
}
