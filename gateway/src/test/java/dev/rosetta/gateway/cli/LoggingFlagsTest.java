package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.rosetta.gateway.logging.LogOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --log-format and --log-level, from flags and from the configuration file's logging section. */
class LoggingFlagsTest {
  @TempDir Path dir;

  private static Main parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main;
  }

  @Test
  void flagsGiveTheFormatAndTheLevelsOverTheDefaults() {
    LogOptions options = parse("--descriptor=a.pb", "--backend=b:1", "--log-format=json",
        "--log-level=dev.rosetta=debug,io.grpc=info", "--log-level", "warn").options.logging.toOptions();
    assertThat(options.format()).isEqualTo(LogOptions.Format.JSON);
    assertThat(options.levels()).containsEntry("dev.rosetta", Level.DEBUG).containsEntry("io.grpc", Level.INFO)
        .containsEntry("root", Level.WARN).containsEntry("io.netty", Level.WARN);
  }

  @Test
  void theConfigurationFilesLoggingSectionBecomesTheSameFlags() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, """
        logging:
          format: json
          levels:
            dev.rosetta: debug
            io.grpc.ChannelLogger: "off"
        """);
    ConfigMerge.Merged merged = ConfigMerge.merge(
        new String[] {"--config", file.toString(), "--descriptor=a.pb", "--backend=b:1"}, Map.of());
    LogOptions options = parse(merged.args()).options.logging.toOptions();
    assertThat(options.format()).isEqualTo(LogOptions.Format.JSON);
    assertThat(options.levels()).containsEntry("dev.rosetta", Level.DEBUG).containsEntry("io.grpc.ChannelLogger", Level.OFF);
  }

  @Test
  void aFlagWinsOverTheFile() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "logging: {format: json}\n");
    ConfigMerge.Merged merged = ConfigMerge.merge(
        new String[] {"--config", file.toString(), "--descriptor=a.pb", "--backend=b:1", "--log-format", "text"}, Map.of());
    assertThat(parse(merged.args()).options.logging.toOptions().format()).isEqualTo(LogOptions.Format.TEXT);
  }

  @Test
  void aLevelThatIsNoneStopsStartUpAsABadFlag() {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "--descriptor=a.pb", "--backend=b:1", "--log-level", "dev.rosetta=chatty");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("dev.rosetta=chatty").contains("trace, debug, info, warn, error, off");
  }

  @Test
  void anUnknownKeyInTheLoggingSectionNamesTheFileAndLine() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "logging:\n  colour: true\n");
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "--config", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("rosetta.yaml:2").contains("logging.colour");
  }
}
