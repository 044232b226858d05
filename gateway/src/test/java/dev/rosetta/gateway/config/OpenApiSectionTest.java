package dev.rosetta.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.openapi.OpenApiOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openapi: section of the configuration file. */
class OpenApiSectionTest {
  @TempDir Path dir;

  private OpenApiOptions load(String yaml) throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, yaml);
    return ConfigFile.load(file).openApi();
  }

  @Test
  void everyKeyIsRead() throws Exception {
    OpenApiOptions options = load("""
        openapi:
          servers: [https://api.example.com]
          title: Library API
          version: "2.1"
          description: Shelves and books.
          contact: {name: API team, url: https://example.com/api, email: api@example.com}
          license: {name: Apache 2.0, identifier: Apache-2.0}
          security-schemes:
            bearer: {type: http, scheme: bearer, bearer-format: JWT}
            key: {type: apiKey, in: header, name: X-Api-Key}
          security: [bearer]
          operation-security:
            pkg.Library.ListShelves: []
            pkg.*: [key]
          tags:
            - {name: Library, description: Shelves.}
          schema-names: full
          path-params: single
          decode-encoded-slashes: true
        """);
    assertThat(options.servers()).containsExactly("https://api.example.com");
    assertThat(options.info().title()).isEqualTo("Library API");
    assertThat(options.info().version()).isEqualTo("2.1");
    assertThat(options.info().contactEmail()).isEqualTo("api@example.com");
    assertThat(options.info().licenseIdentifier()).isEqualTo("Apache-2.0");
    assertThat(options.securitySchemes().get("bearer").bearerFormat()).isEqualTo("JWT");
    assertThat(options.securitySchemes().get("key").in()).isEqualTo("header");
    assertThat(options.security()).containsExactly("bearer");
    assertThat(options.operationSecurity()).containsEntry("pkg.Library.ListShelves", List.of())
        .containsEntry("pkg.*", List.of("key"));
    assertThat(options.tags()).containsExactly(new OpenApiOptions.Tag("Library", "Shelves."));
    assertThat(options.schemaNames()).isEqualTo(OpenApiOptions.SchemaNames.FULL);
    assertThat(options.pathParameters()).isEqualTo(OpenApiOptions.PathParameters.SINGLE);
    assertThat(options.decodeEncodedSlashes()).isTrue();
  }

  @Test
  void aFileWithoutTheSectionGivesTheDefaults() throws Exception {
    assertThat(load("drain-timeout: 5s\n")).isEqualTo(OpenApiOptions.DEFAULTS);
  }

  @Test
  void mistakesNameTheKeyAndTheLine() {
    assertThatThrownBy(() -> load("openapi:\n  security: [nope]\n"))
        .hasMessageContaining("rosetta.yaml:2").hasMessageContaining("openapi.security")
        .hasMessageContaining("'nope', which is not defined");
    assertThatThrownBy(() -> load("openapi:\n  security-schemes:\n    k: {type: apiKey, name: X}\n"))
        .hasMessageContaining("openapi.security-schemes.k").hasMessageContaining("'in'");
    assertThatThrownBy(() -> load("openapi:\n  path-params: flat\n"))
        .hasMessageContaining("openapi.path-params").hasMessageContaining("expanded or single");
    assertThatThrownBy(() -> load("openapi:\n  colour: blue\n"))
        .hasMessageContaining("openapi.colour").hasMessageContaining("unknown key");
  }
}
