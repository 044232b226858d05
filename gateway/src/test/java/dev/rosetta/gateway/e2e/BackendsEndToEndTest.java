package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.GreeterBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several backends behind one gateway, configured the way users do: through the YAML file. */
class BackendsEndToEndTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  private Gateway start(String yaml) throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, yaml);
    ConfigFile.Contents contents = ConfigFile.load(file);
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
        .withBackends(contents.backends());
    return Gateway.start(GatewayHarness.onLoopback(config));
  }

  private HttpResponse<String> get(Gateway gateway, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void twoServicesReachTheirOwnBackendsThroughOneGateway() throws Exception {
    try (EchoBackend echo = EchoBackend.startReplica("echo-backend", 0, b -> b);
        GreeterBackend greeter = GreeterBackend.start("greeter-backend")) {
      try (Gateway gateway = start("""
          backends:
            - name: greeter
              target: %s
              services: [rosetta.test.greeter.*]
            - name: echo
              target: %s
          """.formatted(greeter.target(), echo.target()))) {
        HttpResponse<String> greeting = get(gateway, "/greeter/ada");
        assertThat(greeting.statusCode()).isEqualTo(200);
        assertThat(greeting.body()).contains("greeter-backend greets ada");
        HttpResponse<String> echoed = get(gateway, "/e2e/echo/42");
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.headers().firstValue("grpc-metadata-x-replica")).hasValue("echo-backend");
      }
    }
  }

  @Test
  void aServiceNoBackendClaimsIsUnimplemented() throws Exception {
    try (GreeterBackend greeter = GreeterBackend.start("g")) {
      try (Gateway gateway = start("""
          backends:
            - target: %s
              services: [rosetta.test.greeter.v1.GreeterService]
          """.formatted(greeter.target()))) {
        assertThat(get(gateway, "/greeter/x").statusCode()).isEqualTo(200);
        HttpResponse<String> unclaimed = get(gateway, "/e2e/echo/1");
        assertThat(unclaimed.statusCode()).isEqualTo(501);
        assertThat(unclaimed.body()).contains("no backend serves rosetta.test.e2e.v1.EchoService");
      }
    }
  }

  @Test
  void theBackendTimeoutCutsSlowCallsWith504() throws Exception {
    try (EchoBackend echo = EchoBackend.start()) {
      try (Gateway gateway = start("""
          backends:
            - target: %s
              timeout: 300ms
          """.formatted(echo.target()))) {
        long start = System.nanoTime();
        HttpResponse<String> slow = get(gateway, "/e2e/sleep/5000");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(get(gateway, "/e2e/sleep/10").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void aTenMebibyteJsonBodyRoundTrips() throws Exception {
    // grpc servers accept 4 MiB by default: the backend has to allow large messages too.
    try (EchoBackend echo = EchoBackend.startReplica("big", 0, b -> b.maxInboundMessageSize(16 << 20))) {
      GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), echo.target());
      try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
        String big = "x".repeat(10 << 20);
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/e2e/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + big + "\"}"))
                .timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(big.length() + 9).startsWith("{\"id\":\"xxx").endsWith("xx\"}");
      }
    }
  }
}
