package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.GreeterBackend;
import dev.rosetta.gateway.testing.TestCertificates;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS toward a grpc-java backend that requires client certificates (mTLS). */
class BackendTlsEndToEndTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  static GreeterBackend backend;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    backend = GreeterBackend.start("tls-backend", b -> {
      try {
        return b.sslContext(GrpcSslContexts.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
            .trustManager(certs.ca().toFile())
            .clientAuth(ClientAuth.REQUIRE)
            .build());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    backend.close();
  }

  private static int greet(BackendSpec.Tls tls, String target) throws Exception {
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
        .withBackends(List.of(BackendSpec.of("tls", target, List.of()).withTls(tls)));
    try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/greeter/ada"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        assertThat(response.body()).contains("tls-backend greets ada");
      }
      return response.statusCode();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      CA file, client certificate, authority rosetta.test | 200
      CA file, client certificate, no authority (127.0.0.1 is in the certificate) | 200
      CA file, no client certificate (the backend requires one) | 503
      no CA file (the JVM's trust store does not know the test CA) | 503
      client certificate, wrong authority | 503
      plaintext toward a TLS backend | 503
      """)
  void tlsSettingsDecideWhetherTheCallGoesThrough(String setup, int expected) throws Exception {
    BackendSpec.Tls tls = switch (setup.substring(0, setup.indexOf(" (") < 0 ? setup.length() : setup.indexOf(" ("))) {
      case "CA file, client certificate, authority rosetta.test" ->
          new BackendSpec.Tls(certs.ca(), certs.clientCert(), certs.clientKey(), "rosetta.test");
      case "CA file, client certificate, no authority" ->
          new BackendSpec.Tls(certs.ca(), certs.clientCert(), certs.clientKey(), null);
      case "CA file, no client certificate" -> new BackendSpec.Tls(certs.ca(), null, null, "rosetta.test");
      case "no CA file" -> new BackendSpec.Tls(null, certs.clientCert(), certs.clientKey(), "rosetta.test");
      case "client certificate, wrong authority" ->
          new BackendSpec.Tls(certs.ca(), certs.clientCert(), certs.clientKey(), "other.test");
      case "plaintext toward a TLS backend" -> null;
      default -> throw new IllegalArgumentException(setup);
    };
    assertThat(greet(tls, backend.target())).isEqualTo(expected);
  }

  /**
   * A configuration file elsewhere than the working directory (the module directory here) names
   * its descriptor set and TLS files relative to itself, as users write them next to it.
   */
  @Test
  void relativePathsInTheConfigFileResolveAgainstItsDirectory() throws Exception {
    java.nio.file.Files.copy(GatewayHarness.TEST_DESCRIPTORS, dir.resolve("api.pb"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path file = java.nio.file.Files.writeString(dir.resolve("rosetta.yaml"), """
        descriptors: [api.pb]
        backends:
          - target: %s
            tls:
              ca-file: %s
              cert-file: %s
              key-file: %s
              authority: rosetta.test
        """.formatted(backend.target(), certs.ca().getFileName(), certs.clientCert().getFileName(),
            certs.clientKey().getFileName()));
    assertThat(Path.of("api.pb")).doesNotExist(); // relative to the working directory it would not load
    ConfigFile.Contents contents = ConfigFile.load(file);
    assertThat(contents.flags().get("--descriptor")).containsExactly(dir.resolve("api.pb").toString());
    GatewayConfig config = GatewayConfig.of(contents.flags().get("--descriptor"), null).withBackends(contents.backends());
    try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/greeter/ada"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
  }

  @Test
  void theAuthorityOverrideLetsATargetByIpMatchACertificateByName() throws Exception {
    assertThat(greet(new BackendSpec.Tls(certs.ca(), certs.clientCert(), certs.clientKey(), "rosetta.test"),
        "dns:///127.0.0.1:" + backend.port())).isEqualTo(200);
  }
}
