package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.http.ProtocolOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The HTTP/2 and compression flags and the file's http2: and compression: sections. */
class ProtocolFlagsTest {
  @TempDir Path dir;

  private static ProtocolOptions protocols(String... args) {
    GatewayOptions options = new GatewayOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig(List.of("api.pb"), "localhost:9090").server().protocols();
  }

  @Test
  void withoutFlagsTheDocumentedDefaultsApply() {
    assertThat(protocols()).isEqualTo(ProtocolOptions.DEFAULTS);
    assertThat(ProtocolOptions.DEFAULTS.http2()).isEqualTo(new ProtocolOptions.Http2(true, 100, 16384, 16384,
        1 << 20, 1 << 20, 200, Duration.ofSeconds(30)));
    assertThat(ProtocolOptions.DEFAULTS.compression()).isEqualTo(new ProtocolOptions.Compression(true, 1024, true, 200));
  }

  @Test
  void everyFlagCanBeSet() {
    assertThat(protocols("--no-http2", "--http2-max-streams", "10", "--http2-max-header-list-size", "8KiB",
        "--http2-max-frame-size", "32KiB", "--http2-stream-window", "256KiB", "--http2-connection-window", "4MiB",
        "--http2-max-resets", "0", "--http2-send-timeout", "5s", "--no-compression", "--compression-min-size", "1",
        "--no-request-decompression", "--max-decompression-ratio", "50"))
        .isEqualTo(new ProtocolOptions(
            new ProtocolOptions.Http2(false, 10, 8192, 32768, 256 << 10, 4 << 20, 0, Duration.ofSeconds(5)),
            new ProtocolOptions.Compression(false, 1, false, 50)));
  }

  @Test
  void aFrameSizeOutsideWhatTheRfcAllowsIsAFlagErrorNamingIt() {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "--descriptor", "x.pb", "--backend", "localhost:1", "--http2-max-frame-size", "8KiB");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("HTTP/2 max frame size must be between 16KiB and 16MiB-1, not 8192");
  }

  @Test
  void theFileSectionsBecomeTheFlagsAndFalseTurnsADefaultOff() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, """
        http2:
          enabled: false
          max-concurrent-streams: 50
          max-header-list-size: 32KiB
          max-frame-size: 64KiB
          stream-window: 512KiB
          connection-window: 2MiB
          max-resets: 100
          send-timeout: 10s
        compression:
          responses: false
          min-size: 2KiB
          requests: false
          max-ratio: 0
        """);
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of());
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    assertThat(main.options.protocols.toOptions()).isEqualTo(new ProtocolOptions(
        new ProtocolOptions.Http2(false, 50, 32 << 10, 64 << 10, 512 << 10, 2 << 20, 100, Duration.ofSeconds(10)),
        new ProtocolOptions.Compression(false, 2048, false, 0)));
  }

  @Test
  void aFlagWinsOverTheFile() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "http2:\n  enabled: false\ncompression:\n  min-size: 2KiB\n");
    ConfigMerge.Merged merged = ConfigMerge.merge(
        new String[] {"--config", file.toString(), "--http2", "--compression-min-size", "4KiB"}, Map.of());
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    assertThat(main.options.protocols.toOptions().http2().enabled()).isTrue();
    assertThat(main.options.protocols.toOptions().compression().minResponseSize()).isEqualTo(4096);
  }

  @Test
  void aBadValueInTheFileNamesItsLineAndKey() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "http2:\n  max-concurrent-streams: 10\n  send-timeout: soon\n");
    assertThatThrownBy(() -> ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":3: http2.send-timeout: 'soon' is not a duration");
    Files.writeString(file, "compression:\n  gzip: true\n");
    assertThatThrownBy(() -> ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of()))
        .hasMessageStartingWith(file + ":2: compression.gzip: unknown key");
  }

  @Test
  void serverReflectionIsOnByDefaultAndTheFlagOrTheFileTurnsItOff() throws Exception {
    assertThat(protocols().grpc().reflection()).isTrue();
    assertThat(protocols("--no-grpc-reflection").grpc()).isEqualTo(new ProtocolOptions.Grpc(false, false));
    assertThat(protocols("--grpc-reflection=false").grpc().reflection()).isFalse();
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "grpc:\n  reflection: false\n  passthrough-unknown: true\n");
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of());
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    assertThat(main.options.protocols.toOptions().grpc()).isEqualTo(new ProtocolOptions.Grpc(true, false));
  }
}
