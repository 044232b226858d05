package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rosetta openapi} writes, offline, the document a gateway with the same settings serves. */
class OpenApiCommandTest {
  @TempDir Path dir;

  @Test
  void theOfflineDocumentIsTheServedOneForTheSameSettings() throws Exception {
    Path config = Files.writeString(dir.resolve("rosetta.yaml"), """
        json:
          enums-as-ints: true
        openapi:
          license: {name: Apache 2.0, identifier: Apache-2.0}
          security-schemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
          operation-security:
            rosetta.examples.library.v1.LibraryService.ListShelves: [key]
        """);
    Path descriptor = dir.resolve("library.pb");
    try (var in = Gateway.class.getClassLoader().getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      Files.write(descriptor, in.readAllBytes());
    }
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "openapi",
        "--descriptor", descriptor.toString(), "--config", config.toString(), "--openapi-auth", "bearer",
        "--openapi-server", "https://api.example.com", "--openapi-path-params", "single");
    assertThat(code).isZero();

    OpenApiFlags flags = new OpenApiFlags();
    flags.auth = List.of("bearer");
    flags.servers = List.of("https://api.example.com");
    flags.pathParams = "single";
    try (ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
        Gateway gateway = Gateway.start(GatewayHarness.onLoopback(GatewayConfig.of(List.of(descriptor.toString()),
                "127.0.0.1:" + backend.port()))
            .withCodec(new CodecOptions(false, false, true, false))
            .withOperations(OperationsOptions.defaults().withServeOpenApi(true))
            .withOpenApi(flags.over(ConfigFile.load(config).openApi())))) {
      HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(out.toString().strip()).isEqualTo(served.body());
      assertThat(served.body()).contains("\"x-enum-varnames\"").contains("\"https://api.example.com\"")
          .contains("\"/v1/{name}\"").contains("\"identifier\":\"Apache-2.0\"");
    }
  }
}
