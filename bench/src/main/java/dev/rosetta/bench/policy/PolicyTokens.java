package dev.rosetta.bench.policy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * What bench/policy.sh's JWT cases send: an ES256 key pair, its public JWK Set for the gateway
 * ({@code jwks.json}), one token ({@code token.txt}: the cached case, every request the same
 * token) and {@code tokens.txt}, as many distinct tokens as asked (one a line: cycled through,
 * more of them than the gateway keeps, so every request costs a signature check). Valid for
 * two hours, issuer {@code https://bench.rosetta/}, audience {@code bench}.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.policy.PolicyTokens DIR COUNT}
 */
public final class PolicyTokens {
  private PolicyTokens() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("jwks.json"), new JWKSet(key).toPublicJWKSet().toString());
    Files.writeString(dir.resolve("token.txt"), mint(key, "user-0") + "\n");
    List<String> tokens = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tokens.add(mint(key, "user-" + i));
    }
    Files.write(dir.resolve("tokens.txt"), tokens);
  }

  private static String mint(ECKey key, String subject) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer("https://bench.rosetta/").audience("bench").subject(subject)
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
