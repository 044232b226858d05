package dev.rosetta.gateway.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The sample policy of {@code demo --with-auth}: {@code demo-auth.yaml} (reads limited to 20 per
 * second per client address, writes needing a JWT), an ES256 key pair made at start-up whose
 * public half the gateway reads from a JWKS file beside the policy (no network), and one token
 * signed with it. The files live in a temporary directory removed when the demo exits.
 *
 * @param policies the policy the demo gateway enforces
 * @param token a valid token for the writes: subject {@code demo-user}, valid for {@link #VALIDITY}
 */
record DemoAuth(PolicyConfig policies, String token) {
  static final String ISSUER = "https://rosetta.demo/";
  static final String AUDIENCE = "library-api";
  static final Duration VALIDITY = Duration.ofHours(24);

  static DemoAuth create() throws IOException, ConfigException, JOSEException {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("demo-" + Long.toHexString(System.nanoTime())).generate();
    Path dir = Files.createTempDirectory("rosetta-demo-auth");
    Path jwks = dir.resolve("jwks.json");
    Path policy = dir.resolve("demo-auth.yaml");
    // Deleted last-registered first: the files, then their directory.
    dir.toFile().deleteOnExit();
    Files.writeString(jwks, new JWKSet(key).toPublicJWKSet().toString());
    jwks.toFile().deleteOnExit();
    try (InputStream in = DemoAuth.class.getResourceAsStream("demo-auth.yaml")) {
      Files.writeString(policy, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    policy.toFile().deleteOnExit();
    return new DemoAuth(ConfigFile.load(policy).policies(), mint(key));
  }

  private static String mint(ECKey key) throws JOSEException {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("demo-user")
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(VALIDITY))).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
