package dev.rosetta.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.backend.BackendSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theXdsBootstrapResolvesAgainstTheFilesDirectory() throws Exception {
    ConfigFile.Contents contents = ConfigFile.load(write("""
        xds:
          bootstrap: mesh/bootstrap.json
        """));
    assertThat(contents.flags()).containsEntry("--xds-bootstrap",
        List.of(dir.toAbsolutePath().resolve("mesh/bootstrap.json").toString()));
    assertThatThrownBy(() -> ConfigFile.load(write("xds:\n  server: x\n")))
        .hasMessageContaining("xds.server: unknown key");
  }

  @Test
  void everyKeyIsReadIntoFlagsAndBackends() throws Exception {
    ConfigFile.Contents contents = ConfigFile.load(write("""
        descriptors: [a.pb, /abs/b.pb, classpath:c.pb, reflection://h:1]
        listener:
          bind: 127.0.0.1
          port: 9000
          max-body-size: 32MiB
          timeout: 5s
        json:
          codec: reference
          emit-defaults: true
          preserve-proto-field-names: false
        headers:
          forward: ["x-*"]
          drop: cookie
        drain-timeout: 20s
        max-message-size: 64MiB
        compatibility:
          strict-routes: true
          strict-body: false
          strict-content-type: true
          case-insensitive-enums: true
          auto-routes: true
        backends:
          - name: books
            target: dns:///books.default.svc:9090
            services: [rosetta.books.v1.BookService, rosetta.billing.*]
            load-balancing: pick_first
            health-check: false
            health-service: books
            timeout: 2s
            keepalive: 20s
            keepalive-timeout: 5s
            retry-attempts: 3
            reconnect-interval: 1s
            dns-refresh-interval: 60s
            tls:
              ca-file: /etc/ca.pem
              cert-file: /etc/cert.pem
              key-file: /etc/key.pem
              authority: books.internal
          - target: 10.0.0.1:9090,10.0.0.2:9090
        """));
    assertThat(contents.flags()).containsEntry("--descriptor", List.of(dir.resolve("a.pb").toString(), "/abs/b.pb", "classpath:c.pb", "reflection://h:1"))
        .containsEntry("--bind", List.of("127.0.0.1"))
        .containsEntry("--port", List.of("9000"))
        .containsEntry("--max-body-size", List.of("32MiB"))
        .containsEntry("--timeout", List.of("5s"))
        .containsEntry("--codec", List.of("reference"))
        .containsEntry("--emit-defaults", List.of("true"))
        .containsEntry("--preserve-proto-field-names", List.of("false"))
        .containsEntry("--forward-header", List.of("x-*"))
        .containsEntry("--drop-header", List.of("cookie"))
        .containsEntry("--drain-timeout", List.of("20s"))
        .containsEntry("--max-message-size", List.of("64MiB"))
        .containsEntry("--strict-routes", List.of("true"))
        .containsEntry("--strict-body", List.of("false"))
        .containsEntry("--strict-content-type", List.of("true"))
        .containsEntry("--case-insensitive-enums", List.of("true"))
        .containsEntry("--auto-routes", List.of("true"));
    BackendSpec books = contents.backends().get(0);
    assertThat(books.name()).isEqualTo("books");
    assertThat(books.services()).containsExactly("rosetta.books.v1.BookService", "rosetta.billing.*");
    assertThat(books.loadBalancing()).isEqualTo(BackendSpec.LoadBalancing.PICK_FIRST);
    assertThat(books.healthCheck()).isFalse();
    assertThat(books.healthService()).isEqualTo("books");
    assertThat(books.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(books.keepAlive()).isEqualTo(Duration.ofSeconds(20));
    assertThat(books.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(books.retryAttempts()).isEqualTo(3);
    assertThat(books.reconnectInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(books.dnsRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(books.tls()).isEqualTo(new BackendSpec.Tls(Path.of("/etc/ca.pem"), Path.of("/etc/cert.pem"),
        Path.of("/etc/key.pem"), "books.internal"));
    BackendSpec fallback = contents.backends().get(1);
    assertThat(fallback.isDefault()).isTrue();
    assertThat(fallback.name()).isEqualTo("backend-1");
    assertThat(fallback.tls()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown top-level key                  | listen: {port: 1}                                          | rosetta.yaml:1: listen: unknown key
      unknown nested key                     | 'listener:\n  bind: x\n  prot: 1'                          | rosetta.yaml:3: listener.prot: unknown key
      port that is no number                 | 'listener:\n  port: eighty'                                | rosetta.yaml:2: listener.port: expected a whole number, got 'eighty'
      bad duration                           | 'drain-timeout: soon'                                      | rosetta.yaml:1: drain-timeout: 'soon' is not a duration
      bad size                               | 'max-message-size: lots'                                   | rosetta.yaml:1: max-message-size: 'lots' is not a size
      boolean that is not                    | 'json:\n  emit-defaults: yes please'                       | rosetta.yaml:2: json.emit-defaults: expected true or false
      unknown compatibility switch           | 'compatibility:\n  strict-content: true'                 | rosetta.yaml:2: compatibility.strict-content: unknown key
      compatibility switch not a boolean     | 'compatibility:\n  auto-routes: on'                      | rosetta.yaml:2: compatibility.auto-routes: expected true or false
      mapping where a value belongs          | 'listener:\n  bind: {a: 1}'                                | rosetta.yaml:2: listener.bind: expected a single value, not a mapping
      backends that are not a list           | 'backends: {target: x}'                                    | rosetta.yaml:1: backends: expected a list, not a mapping
      backend without target                 | 'backends:\n  - name: a'                                   | rosetta.yaml:2: backends[0].target: every backend needs a target
      unknown backend key                    | 'backends:\n  - target: h:1\n    lb: rr'                   | rosetta.yaml:3: backends[0].lb: unknown key
      bad policy                             | 'backends:\n  - target: h:1\n    load-balancing: random'   | rosetta.yaml:3: backends[0].load-balancing: 'random' is not a load balancing policy
      bad service pattern                    | 'backends:\n  - target: h:1\n    services: [a.*.b]'        | rosetta.yaml:3: backends[0].services: 'a.*.b' is neither
      too many retries                       | 'backends:\n  - target: h:1\n    retry-attempts: 9'        | rosetta.yaml:3: backends[0].retry-attempts: expected 1 (no retry) to 5 attempts
      certificate without key                | 'backends:\n  - target: h:1\n    tls:\n      cert-file: c' | rosetta.yaml:4: backends[0].tls.cert-file: a client certificate needs both
      unknown tls key                        | 'backends:\n  - target: h:1\n    tls:\n      ca: c'        | rosetta.yaml:4: backends[0].tls.ca: unknown key
      duplicate key                          | 'drain-timeout: 1s\ndrain-timeout: 2s'                     | rosetta.yaml:2
      broken YAML                            | 'listener: [port'                                          | rosetta.yaml:1: not valid YAML
      """)
  void aBadFileNamesFileLineAndKey(String what, String yaml, String expected) throws Exception {
    Path file = write(yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir + "/" + expected);
  }

  @Test
  void anEmptyFileChangesNothing() throws Exception {
    ConfigFile.Contents contents = ConfigFile.load(write("# nothing yet\n"));
    assertThat(contents.flags()).isEmpty();
    assertThat(contents.backends()).isEmpty();
  }

  @Test
  void tlsTrueMeansTheSystemTrustStore() throws Exception {
    ConfigFile.Contents contents = ConfigFile.load(write("backends:\n  - target: h:1\n    tls: true\n"));
    assertThat(contents.backends().get(0).tls()).isEqualTo(new BackendSpec.Tls(null, null, null, null));
  }
}
