package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as users of generated clients meet it: its {@code /openapi.json} is fed to
 * openapi-generator, and a program per client (src/test/clients) lists, gets, creates, patches
 * with an update mask, deletes, reads a typed google.rpc.Status error, downloads an HttpBody,
 * reads a server stream, sends a client stream and calls a {@code {path=**}} method with a value
 * holding {@code /}, checking every answer. Runs with {@code -Pclients} (.ci/run does).
 */
class LibraryClientIT {
  private static ExampleBackend backend;
  private static Gateway gateway;
  private static ClientTools tools;
  @TempDir static Path dir;
  private static Path spec;

  @BeforeAll
  static void start() throws Exception {
    tools = ClientTools.find();
    backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
    GatewayConfig config = GatewayHarness.onLoopback(GatewayConfig.of(
            List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE), "127.0.0.1:" + backend.port()))
        .withOperations(OperationsOptions.defaults().withServeOpenApi(true))
        // As docs/operations.md advises for generated clients: %2F read as '/', and bearer tokens.
        .withOpenApi(OpenApiOptions.DEFAULTS.withDecodeEncodedSlashes(true)
            .withInfo(OpenApiOptions.Info.NONE.withTitle("Library"))
            .withSecurity(java.util.Map.of("bearer", OpenApiOptions.SecurityScheme.parse("bearer")),
                List.of("bearer"), java.util.Map.of()));
    gateway = Gateway.start(config);
    HttpResponse<String> document = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(document.statusCode()).isEqualTo(200);
    spec = Files.writeString(dir.resolve("openapi.json"), document.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + gateway.address().getPort();
  }

  @Test
  void theTypeScriptFetchClientMakesEveryCallOfTheTour() throws Exception {
    Path project = Files.createDirectories(dir.resolve("typescript"));
    tools.generate(spec, "typescript-fetch", project.resolve("client"));
    Files.copy(tools.source("library-client.ts"), project.resolve("library-client.ts"));
    tools.compileTypeScript(project);
    String output = tools.run(project, 120, "node", project.resolve("out/library-client.js").toString(), baseUrl());
    assertThat(output).contains("ok call a {path=**} method with a value holding /").contains("11 checks passed");
  }

  @Test
  void theJavaNativeClientMakesEveryCallOfTheTour() throws Exception {
    Path project = Files.createDirectories(dir.resolve("java"));
    tools.generateJava(spec, project.resolve("client"));
    Path classes = Files.createDirectories(project.resolve("classes"));
    Path program = Files.createDirectories(project.resolve("program"));
    Files.copy(tools.source("LibraryClient.java"), program.resolve("LibraryClient.java"));
    tools.compileJava(classes, project.resolve("client/src/main/java"), program);
    String output = tools.run(project, 120, ClientTools.java(), "-cp",
        classes + java.io.File.pathSeparator + tools.javaClientClasspath(), "dev.example.LibraryClient", baseUrl());
    assertThat(output).contains("ok read a server stream").contains("11 checks passed");
  }

  @Test
  void redoclysRecommendedRulesetFindsNoErrorInTheServedDocument() {
    // redocly exits non-zero on any error; its summary must name none either.
    String report = tools.redoclyLint(spec);
    assertThat(report).contains("Your API description is valid").doesNotContainPattern("(?m)^error ");
  }
}
