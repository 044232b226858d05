package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JWT policy enforced by a running gateway, over real HTTP: keys from a loopback HTTPS key
 * endpoint (test CA) that rotates them, tokens minted in the test, the echo backend reporting
 * the metadata it received. Refusals never reach the backend; accepted tokens' claims do, and the
 * token itself does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtEndToEndTest {
  private static final String ECHO = "rosetta.test.e2e.v1.EchoService";

  @TempDir static Path dir;
  private JwksServer idp;
  private GatewayHarness harness;
  private RSAKey key;

  @BeforeAll
  void start() throws Exception {
    idp = new JwksServer(Files.createDirectories(dir.resolve("pki")));
    key = TestTokens.rsa("k1");
    idp.publish(TestTokens.jwks(key));
    JwtProviderSpec provider = new JwtProviderSpec("idp", TestTokens.ISSUER, List.of(TestTokens.AUDIENCE),
        new JwksSpec(idp.url(), null, idp.certificates.ca(), Duration.ofMinutes(5), Duration.ofSeconds(2),
            Duration.ZERO),
        Duration.ofSeconds(5), JwtProviderSpec.DEFAULT_ALGORITHMS,
        List.of(TokenSource.BEARER, new TokenSource(TokenSource.Kind.QUERY, "access_token", "")),
        Map.of("sub", "x-user-id"), false, "t.yaml:3");
    PolicyConfig config = new PolicyConfig(List.of(provider), List.of(), null, null, List.of(
        rule("t.yaml:10", r -> r.service(ECHO).jwt(JwtRequirement.REQUIRED)),
        rule("t.yaml:11", r -> r.service("rosetta.test.stream.v1.*").jwt(JwtRequirement.REQUIRED))));
    harness = GatewayHarness.start(c -> c.withPolicies(config));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
    idp.close();
  }

  private HttpResponse<String> get(HttpClient.Version version, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return EdgeClients.client(version).send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aRequestWithoutATokenIs401WithTheChallengeAndNeverReachesTheBackend(HttpClient.Version version)
      throws Exception {
    HttpResponse<String> response = get(version, "/e2e/sleep/1", null);

    assertThat(response.version()).as("refused over the version asked").isEqualTo(version);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"rosetta\"");
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"code\":16,\"message\":\"a bearer token is required\",\"details\":[]}");
    assertThat(harness.backend.sleeping).as("the backend was never called").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void eachBadTokenIs401NamingItsReasonWithoutEchoingTheToken(HttpClient.Version version) throws Exception {
    String expired = TestTokens.mint(key, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600))));
    String otherAudience = TestTokens.mint(key, c -> c.audience("someone-else"));
    String unknownKey = TestTokens.mint(TestTokens.rsa("k-never-published"));
    Map<String, String> reasons = Map.of(expired, "the token has expired", otherAudience,
        "the token is not meant for this audience", unknownKey,
        "the token was signed with a key the issuer does not publish", "not.a.jwt",
        "the token is not a well-formed signed JWT");

    for (Map.Entry<String, String> bad : reasons.entrySet()) {
      HttpResponse<String> response = get(version, "/e2e/metadata", bad.getKey());

      assertThat(response.statusCode()).as(bad.getValue()).isEqualTo(401);
      assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"rosetta\", "
          + "error=\"invalid_token\", error_description=\"" + bad.getValue() + "\"");
      assertThat(response.body()).contains("the bearer token was rejected: " + bad.getValue())
          .doesNotContain(bad.getKey());
    }
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aGoodTokensClaimsReachTheBackendAsMetadataAndTheTokenDoesNot(HttpClient.Version version) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(harness.uri("/e2e/metadata"))
        .header("Authorization", "Bearer " + TestTokens.mint(key))
        .header("X-User-Id", "mallory") // a client posing as a verified user
        .header("X-Other", "kept")
        .build();

    HttpResponse<String> response = EdgeClients.client(version).send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, String> metadata = EdgeClients.backendSaw(response.body());
    assertThat(metadata).containsEntry("x-user-id", "alice").containsEntry("x-other", "kept")
        .doesNotContainKey("authorization");
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aTokenInTheQueryIsNotBoundIntoTheMessage(HttpClient.Version version) throws Exception {
    HttpResponse<String> response = get(version, "/e2e/echo/7?count=2&access_token=" + TestTokens.mint(key), null);

    // Bound, access_token would be an unknown field: a 400.
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"7\",\"count\":2}");
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aKeyRotatedInAtTheIssuerIsAcceptedWithoutARestart(HttpClient.Version version) throws Exception {
    RSAKey rotated = TestTokens.rsa("k-" + version);
    String token = TestTokens.mint(rotated);
    assertThat(get(version, "/e2e/metadata", token).statusCode()).as("not published yet").isEqualTo(401);

    idp.publish(TestTokens.jwks(key, rotated));

    HttpResponse<String> response = get(version, "/e2e/metadata", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(EdgeClients.backendSaw(response.body())).containsEntry("x-user-id", "alice");
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void streamingRoutesAndWebSocketUpgradesAreCheckedToo(HttpClient.Version version) throws Exception {
    assertThat(get(version, "/stream/count", null).statusCode()).as("a server stream").isEqualTo(401);
    HttpResponse<String> upload = EdgeClients.client(version).send(HttpRequest.newBuilder(harness.uri("/stream/lbl/sum"))
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("{}\n")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as("a client stream").isEqualTo(401);

    URI ws = URI.create("ws://127.0.0.1:" + harness.port() + "/stream/chat");
    assertThat(EdgeClients.client(version).newWebSocketBuilder().buildAsync(ws, new java.net.http.WebSocket.Listener() { })
        .handle((socket, error) -> error).get(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("the WebSocket handshake is refused").hasRootCauseMessage("Unexpected HTTP response status code 401");
    var open = EdgeClients.client(version).newWebSocketBuilder().header("Authorization", "Bearer " + TestTokens.mint(key))
        .buildAsync(ws, new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    open.abort();
  }
}
