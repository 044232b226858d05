package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A running gateway reloads the {@code policies:} of its configuration file: new rules apply to
 * requests that start afterwards, requests in flight finish on the rules they began with (none
 * is dropped), and a section that does not fit leaves the policies in force.
 */
class PolicyReloadEndToEndTest {
  @TempDir Path dir;
  private GatewayHarness harness;
  private PolicyServers.Authz authz;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
    if (authz != null) {
      authz.close();
    }
  }

  private Path file(String policies) throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "policies:\n" + policies.stripIndent().indent(2));
    return file;
  }

  private void start(Path file) throws Exception {
    harness = GatewayHarness.start(c -> {
      try {
        return c.withPolicies(ConfigFile.load(file).policies(), file);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static final String LIMITED = """
      rate-limits:
        - {name: one, requests: 1, per: 60s}
      routes:
        - match: {template: /e2e/metadata}
          rate-limits: [one]
      """;

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aReloadAppliesTheFilesNewPoliciesAndARefusedOneLeavesThemInForce(HttpClient.Version version) throws Exception {
    Path file = file("""
        rate-limits:
          - {name: one, requests: 1, per: 60s}
        routes:
          - match: {template: /e2e/names}
            rate-limits: [one]
        """);
    start(file);
    HttpClient client = EdgeClients.client(version);
    HttpRequest metadata = HttpRequest.newBuilder(harness.uri("/e2e/metadata")).build();
    assertThat(client.send(metadata, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(client.send(metadata, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    file(LIMITED);
    harness.gateway.reload();

    assertThat(client.send(metadata, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(client.send(metadata, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);

    file("""
        rate-limits:
          - {name: one, requests: 1, per: 60s}
        routes:
          - match: {template: /e2e/nowhere}
            rate-limits: [one]
        """);
    assertThatThrownBy(() -> harness.gateway.reload()).isInstanceOf(StartupException.class)
        .hasMessageContaining("rosetta.yaml:5: policies.routes: this rule selects no route");
    assertThat(client.send(metadata, HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the limit in force, and its bucket, are kept").isEqualTo(429);
  }

  @Test
  void requestsInFlightDuringAReloadAllGetTheirAnswerAndLaterOnesTheNewPolicies() throws Exception {
    authz = PolicyServers.Authz.allowingAll();
    authz.delayMillis.set(300);
    Path file = file("""
        authz: {service: {target: "%s"}, timeout: 5s}
        routes:
          - match: {template: /e2e/metadata}
            authz: true
        """.formatted(authz.target()));
    start(file);
    HttpClient client = EdgeClients.client(HttpClient.Version.HTTP_1_1);
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inFlight.add(client.sendAsync(HttpRequest.newBuilder(harness.uri("/e2e/metadata")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    eventually("every check under way", Duration.ofSeconds(5), () -> authz.calls.get() == 8);

    file(LIMITED);
    harness.gateway.reload();

    for (CompletableFuture<HttpResponse<String>> response : inFlight) {
      assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).as("finished on the check it began with")
          .isEqualTo(200);
    }
    HttpResponse<String> after = client.send(HttpRequest.newBuilder(harness.uri("/e2e/metadata")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("ratelimit-policy")).as("the new policies").hasValue("\"one\";q=1;w=60");
    assertThat(authz.calls.get()).as("no check once the rule is gone").isEqualTo(8);
  }
}
