package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.http.ServerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The limit and TLS flags: their defaults, their values, and flags that do not fit together. */
class HardeningFlagsTest {
  private static ServerOptions server(String... args) {
    GatewayOptions options = new GatewayOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig(List.of("api.pb"), "localhost:9090").server();
  }

  @Test
  void withoutFlagsTheDocumentedDefaultsApply() {
    ServerOptions server = server();
    assertThat(server.limits()).isEqualTo(ConnectionLimits.DEFAULTS);
    assertThat(server.maxInitialLineBytes()).isEqualTo(8192);
    assertThat(server.maxHeaderBytes()).isEqualTo(16384);
    assertThat(server.tls()).isNull();
  }

  @Test
  void everyLimitCanBeSet() {
    ServerOptions server = server("--max-headers", "20", "--max-connections", "7", "--idle-timeout", "5s",
        "--request-read-timeout", "750ms", "--max-request-line", "1KiB", "--max-header-size", "4KiB");
    assertThat(server.limits()).isEqualTo(new ConnectionLimits(20, 7, Duration.ofSeconds(5), Duration.ofMillis(750)));
    assertThat(server.maxInitialLineBytes()).isEqualTo(1024);
    assertThat(server.maxHeaderBytes()).isEqualTo(4096);
  }

  @Test
  void tlsFlagsMakeTlsOptions() {
    ServerOptions server = server("--tls-cert", "c.pem", "--tls-key", "k.pem", "--https-port", "8443");
    assertThat(server.tls().certificate()).hasToString("c.pem");
    assertThat(server.tls().separateListener()).isTrue();
    assertThat(server.tls().httpsPort()).isEqualTo(8443);
  }

  @Test
  void aCertificateWithoutAKeyIsAFlagErrorNamingBoth() {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "--descriptor", "x.pb", "--backend", "localhost:1", "--tls-cert", "c.pem");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
  }

  @Test
  void aNegativeHeaderCountIsAFlagError() {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "--descriptor", "x.pb", "--backend", "localhost:1", "--max-headers", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("maxHeaders must be at least 1");
  }
}
