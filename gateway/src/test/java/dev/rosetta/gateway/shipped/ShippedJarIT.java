package dev.rosetta.gateway.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.GatewayProcess;
import dev.rosetta.gateway.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact as shipped, after {@code mvn package}: gateway/target/gateway.jar run from the
 * repository root with {@code java @docker/jvm.options}, its class-data sharing archive, and the
 * image's jlink runtime (docker/jlink.sh). The unit and end-to-end tests run on the classes; these
 * run the shaded jar, so a class or native library the shade left out would fail here.
 */
class ShippedJarIT {
  /** The repository root: the README's commands run from there. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String JAR = "gateway/target/gateway.jar";
  private static final String OPTIONS = "@docker/jvm.options";
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static List<String> command(String java, String... args) {
    List<String> command = new ArrayList<>(List.of(java, OPTIONS));
    command.addAll(List.of(args));
    return command;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theReadmesDemoRunsWithTheShippedFlagsOnEpollAndItsArchiveMapped() throws Exception {
    // -Xshare:on makes a missing or unusable archive fatal: starting at all proves it maps.
    try (GatewayProcess demo = GatewayProcess.start(ROOT, command(GatewayProcess.java(), "-Xshare:on",
        "-jar", JAR, "demo", "--port", "0", "--bind", "127.0.0.1", "--admin-port", "-1"))) {
      int port = demo.awaitListeningPort();
      assertThat(get(port, "/v1/shelves/scifi/books/dune").body()).contains("\"title\":\"Dune\"");
      assertThat(demo.lines()).anyMatch(l -> l.contains("listening on") && l.contains("(epoll)"))
          // The demo's backend serves grpc.health.v1; nothing is worth a warning at start.
          .noneMatch(l -> l.contains(" WARN ") || l.contains("SEVERE") || l.contains("ERROR") || l.contains("health"));
    }
  }

  @Test
  void withoutEpollTheStartUpLineSaysNioAndWhy() throws Exception {
    try (GatewayProcess demo = GatewayProcess.start(ROOT, command(GatewayProcess.java(), "-Dio.netty.transport.noNative=true",
        "-jar", JAR, "demo", "--port", "0", "--bind", "127.0.0.1", "--admin-port", "-1"))) {
      demo.awaitListeningPort();
      assertThat(demo.lines()).anyMatch(l -> l.contains("listening on") && l.contains("(nio; epoll unavailable: "));
    }
  }

  @Test
  void aBodyAtTheSixteenMebibyteLimitFlowsThroughTheShippedHeap() throws Exception {
    // Both limits at their defaults: a 16 MiB request body, and a 16 MiB message back.
    try (EchoBackend echo = EchoBackend.startReplica("big", 0, b -> b.maxInboundMessageSize(16 << 20));
        GatewayProcess gateway = GatewayProcess.start(ROOT, command(GatewayProcess.java(), "-jar", JAR,
            "--descriptor", ROOT.resolve("gateway").resolve(GatewayHarness.TEST_DESCRIPTORS).toString(),
            "--backend", echo.target(), "--port", "0", "--bind", "127.0.0.1", "--admin-port", "-1"))) {
      int port = gateway.awaitListeningPort();
      String id = "x".repeat((16 << 20) - "{\"id\":\"\"}".length());
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/e2e/echo"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"))
              .timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body().length() < 500 ? response.body() : "").isEqualTo(200);
      assertThat(response.body()).hasSize(16 << 20).startsWith("{\"id\":\"xxx");
      assertThat(gateway.lines()).noneMatch(l -> l.contains("OutOfMemoryError"));
    }
  }

  @Test
  void aStaleOrMissingArchiveDoesNotStopTheGateway() throws Exception {
    // Another jar than the one archived (a copy, with another path and time) makes the archive stale.
    Path copy = dir.resolve("gateway.jar");
    Files.copy(ROOT.resolve(JAR), copy, StandardCopyOption.COPY_ATTRIBUTES);
    Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    try (GatewayProcess stale = GatewayProcess.start(ROOT, command(GatewayProcess.java(), "-jar", copy.toString(), "--version"))) {
      assertThat(stale.awaitExit(START)).isZero();
      assertThat(stale.lines()).anyMatch(l -> l.startsWith("rosetta "));
    }
    try (GatewayProcess missing = GatewayProcess.start(ROOT, command(GatewayProcess.java(),
        "-XX:SharedArchiveFile=" + dir.resolve("none.jsa"), "-jar", JAR, "--version"))) {
      assertThat(missing.awaitExit(START)).isZero();
      assertThat(missing.lines()).anyMatch(l -> l.startsWith("rosetta "));
    }
  }

  /**
   * The image's runtime: linked by docker/jlink.sh from this JDK, running the jar with the shipped
   * flags on epoll, serving HTTPS (TLS needs modules a runtime can lack) and reading a
   * configuration file. The archive in gateway/target was made by another JVM, so this also shows
   * a foreign archive does not stop the gateway.
   */
  @Test
  void theImagesJlinkRuntimeRunsTheGatewayOnEpollWithTls() throws Exception {
    Path runtime = dir.resolve("runtime");
    Process jlink = new ProcessBuilder("bash", ROOT.resolve("docker/jlink.sh").toString(), runtime.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("jlink.log").toFile()).start();
    assertThat(jlink.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(jlink.exitValue()).as(Files.readString(dir.resolve("jlink.log"))).isZero();
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
    Path config = dir.resolve("rosetta.yaml");
    Files.writeString(config, "descriptors: [" + ROOT.resolve("gateway").resolve(GatewayHarness.TEST_DESCRIPTORS)
        + "]\nlogging:\n  format: json\n");
    try (EchoBackend echo = EchoBackend.start();
        GatewayProcess gateway = GatewayProcess.start(ROOT, command(runtime.resolve("bin/java").toString(), "-jar", JAR,
            "--config", config.toString(), "--backend", echo.target(), "--port", "0", "--bind", "127.0.0.1",
            "--admin-port", "-1", "--tls-cert", certs.serverCert().toString(), "--tls-key", certs.serverKey().toString()))) {
      String listening = gateway.awaitLine(l -> l.contains("listening on"), START);
      assertThat(listening).startsWith("{\"timestamp\":").contains("(epoll)");
      int port = Integer.parseInt(listening.replaceAll(".*listening on /[^:]+:(\\d+).*", "$1"));
      Process curl = new ProcessBuilder("curl", "-s", "--cacert", certs.ca().toString(), "-o", "/dev/null",
          "-w", "%{http_code}", "https://127.0.0.1:" + port + "/e2e/echo/x").start();
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(curl.getInputStream().readAllBytes())).isEqualTo("200");
    }
  }
}
