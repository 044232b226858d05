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
import java.util.Map;
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

  /** Runs a script of the repository from its root with {@code env} added; fails with its output unless it succeeds. */
  private void runScript(Map<String, String> env, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script));
    command.addAll(List.of(args));
    Path log = dir.resolve(Path.of(script).getFileName() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(script).isTrue();
    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
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
      // The API docs page and the files it loads, from what the shade kept of the Swagger UI webjar.
      assertThat(get(port, "/docs").body()).contains("swagger-ui-bundle.js");
      for (String file : List.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")) {
        assertThat(get(port, "/docs/" + file).statusCode()).as(file).isEqualTo(200);
      }
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

  /**
   * No request may need the whole heap: several bodies at the 16 MiB limit at once, each echoed
   * back at 16 MiB, on the shipped 96 MiB heap. Each gets an answer, 200 or 503 with Retry-After
   * when the body budget is spent; the process stays up, leaks no buffer (the leak detector at its
   * strictest in the gateway) and serves the next one.
   */
  @Test
  void severalBodiesAtTheLimitAtOnceAreEachAnsweredAndTheGatewayStaysUp() throws Exception {
    try (EchoBackend echo = EchoBackend.startReplica("big", 0, b -> b.maxInboundMessageSize(16 << 20));
        GatewayProcess gateway = GatewayProcess.start(ROOT, command(GatewayProcess.java(),
            "-Dio.netty.leakDetection.level=paranoid", "-jar", JAR,
            "--descriptor", ROOT.resolve("gateway").resolve(GatewayHarness.TEST_DESCRIPTORS).toString(),
            "--backend", echo.target(), "--port", "0", "--bind", "127.0.0.1", "--admin-port", "-1"))) {
      int port = gateway.awaitListeningPort();
      String body = "{\"id\":\"" + "x".repeat((16 << 20) - "{\"id\":\"\"}".length()) + "\"}";
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/e2e/echo"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int served = 0;
      for (var answer : answers) {
        HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body().length() < 500 ? response.body() : "").isIn(200, 503);
        if (response.statusCode() == 200) {
          served++;
          assertThat(response.body()).hasSize(16 << 20);
        } else {
          assertThat(response.headers().firstValue("retry-after")).hasValue("1");
          assertThat(response.body()).contains("\"code\":8");
        }
      }
      assertThat(served).isPositive();
      HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/e2e/echo"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
          .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(gateway.isAlive()).isTrue();
      assertThat(gateway.lines()).noneMatch(l -> l.contains("OutOfMemoryError") || l.contains("LEAK"));
    }
  }

  /**
   * The jar leaves out Google's common protos that nothing in it uses (google.type among them): a
   * descriptor set that imports google/type/date.proto brings that file with it, and still loads.
   */
  @Test
  void aDescriptorSetImportingGoogleTypeLoadsWithTheSlimJar() throws Exception {
    com.google.protobuf.DescriptorProtos.FileDescriptorProto probe =
        com.google.protobuf.DescriptorProtos.FileDescriptorProto.newBuilder()
            .setName("probe/v1/probe.proto").setPackage("probe.v1").setSyntax("proto3")
            .addDependency("google/api/annotations.proto").addDependency("google/type/date.proto")
            .addMessageType(com.google.protobuf.DescriptorProtos.DescriptorProto.newBuilder().setName("Day")
                .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder().setName("date").setNumber(1)
                    .setType(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_MESSAGE)
                    .setTypeName(".google.type.Date")))
            .addService(com.google.protobuf.DescriptorProtos.ServiceDescriptorProto.newBuilder().setName("Days")
                .addMethod(com.google.protobuf.DescriptorProtos.MethodDescriptorProto.newBuilder().setName("Next")
                    .setInputType(".probe.v1.Day").setOutputType(".probe.v1.Day")
                    .setOptions(com.google.protobuf.DescriptorProtos.MethodOptions.newBuilder()
                        .setExtension(com.google.api.AnnotationsProto.http,
                            com.google.api.HttpRule.newBuilder().setPost("/v1/days:next").setBody("*").build()))))
            .build();
    com.google.protobuf.DescriptorProtos.FileDescriptorSet.Builder set =
        com.google.protobuf.DescriptorProtos.FileDescriptorSet.newBuilder();
    for (com.google.protobuf.Descriptors.FileDescriptor file : List.of(com.google.protobuf.DescriptorProtos.getDescriptor(),
        com.google.api.HttpProto.getDescriptor(), com.google.api.AnnotationsProto.getDescriptor(),
        com.google.type.DateProto.getDescriptor())) {
      set.addFile(file.toProto());
    }
    set.addFile(probe);
    Path descriptors = dir.resolve("probe.pb");
    Files.write(descriptors, set.build().toByteArray());
    try (GatewayProcess routes = GatewayProcess.start(ROOT, command(GatewayProcess.java(), "-jar", JAR, "routes",
        "--descriptor", descriptors.toString()))) {
      assertThat(routes.awaitExit(START)).as(String.join("\n", routes.lines())).isZero();
      assertThat(routes.lines()).anyMatch(l -> l.contains("/v1/days:next") && l.contains("probe.v1.Days/Next"));
    }
  }

  /**
   * The archive's training (cds-training) runs the example backend in a JVM of its own, so the
   * archive holds what a gateway in front of a remote backend loads, not the demo's gRPC server
   * and example service: classes every start would map and no production gateway uses. The
   * archive is a static one, so it also holds picocli, whose Java 5 classes a dynamic one skips.
   */
  @Test
  void theArchiveHoldsTheGatewayNotTheExampleBackend() throws Exception {
    try (GatewayProcess listing = GatewayProcess.start(ROOT, command(GatewayProcess.java(),
        "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintSharedArchiveAndExit", "-jar", JAR))) {
      assertThat(listing.awaitExit(START)).isZero();
      assertThat(listing.lines())
          .anyMatch(l -> l.endsWith(": dev.rosetta.gateway.Gateway app_loader"))
          .anyMatch(l -> l.endsWith(": io.grpc.netty.NettyClientTransport app_loader"))
          // Java 5 bytecode, which only a static archive holds on JDK 17 (docker/cds-archive.sh).
          .anyMatch(l -> l.endsWith(": picocli.CommandLine app_loader"))
          .noneMatch(l -> l.contains(": dev.rosetta.examples.") || l.contains(": io.grpc.netty.NettyServer "));
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
   * The image's runtime: linked by docker/jlink.sh from this JDK, with its archive made as the
   * Dockerfile makes it (docker/cds-archive.sh run by that runtime, which has no base archive of its
   * own), running the jar with the shipped flags and that archive on epoll, serving HTTPS (TLS needs
   * modules a runtime can lack) and reading a configuration file.
   */
  @Test
  void theImagesJlinkRuntimeRunsTheGatewayOnEpollWithTls() throws Exception {
    Path runtime = dir.resolve("runtime");
    runScript(Map.of(), "docker/jlink.sh", runtime.toString());
    Path archive = dir.resolve("image.jsa");
    runScript(Map.of("JAVA", runtime.resolve("bin/java").toString()),
        "docker/cds-archive.sh", archive.toString(), "-jar", JAR, "cds-training");
    TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("pki")));
    Path config = dir.resolve("rosetta.yaml");
    Files.writeString(config, "descriptors: [" + ROOT.resolve("gateway").resolve(GatewayHarness.TEST_DESCRIPTORS)
        + "]\nlogging:\n  format: json\n");
    try (EchoBackend echo = EchoBackend.start();
        // -Xshare:on: an archive that does not map is fatal, so starting at all proves it does.
        GatewayProcess gateway = GatewayProcess.start(ROOT, command(runtime.resolve("bin/java").toString(),
            "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", JAR,
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
