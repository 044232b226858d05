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
import org.slf4j.LoggerFactory;

/**
 * The sample policy of {@code demo --with-auth}: {@code demo-auth.yaml} (reads limited to 20 per
 * second per client address, writes needing a JWT), an ES256 key pair made at start-up whose
 * public half the gateway reads from a JWKS file beside the policy (no network), and one token
 * signed with it. The files live in a temporary directory that {@link #close} removes once the
 * demo has stopped: the gateway reads the JWKS file while it runs (again when it changes), and the
 * JVM's delete-on-exit cannot do it, since a stop by signal ends in {@code Runtime.halt}
 * ({@link ShutdownHook}), which skips it.
 *
 * @param policies the policy the demo gateway enforces
 * @param token a valid token for the writes: subject {@code demo-user}, valid for {@link #VALIDITY}
 * @param dir the temporary directory of the policy and JWKS files
 */
record DemoAuth(PolicyConfig policies, String token, Path dir) implements AutoCloseable {
  static final String ISSUER = "https://rosetta.demo/";
  static final String AUDIENCE = "library-api";
  static final Duration VALIDITY = Duration.ofHours(24);
  /** The policy file, named as in the resources; it names the JWKS file beside it. */
  private static final String POLICY = "demo-auth.yaml";
  private static final String JWKS = "jwks.json";

  static DemoAuth create() throws IOException, ConfigException, JOSEException {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("demo-" + Long.toHexString(System.nanoTime())).generate();
    Path dir = Files.createTempDirectory("rosetta-demo-auth");
    try {
      Files.writeString(dir.resolve(JWKS), new JWKSet(key).toPublicJWKSet().toString());
      Path policy = dir.resolve(POLICY);
      try (InputStream in = DemoAuth.class.getResourceAsStream(POLICY)) {
        Files.writeString(policy, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      return new DemoAuth(ConfigFile.load(policy).policies(), mint(key), dir);
    } catch (Exception e) {
      delete(dir);
      throw e;
    }
  }

  /** Removes the policy, the JWKS file and their directory. */
  @Override
  public void close() {
    delete(dir);
  }

  private static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(JWKS));
      Files.deleteIfExists(dir.resolve(POLICY));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LoggerFactory.getLogger(DemoAuth.class).warn("could not remove the demo's policy files in {}: {}", dir, e.toString());
    }
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
