package dev.rosetta.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogOptionsTest {
  @ParameterizedTest(name = "{0} sets {1} to {2}")
  @CsvSource(delimiter = '|', value = {
      "dev.rosetta=debug   | dev.rosetta | DEBUG",
      "io.grpc=INFO        | io.grpc     | INFO",
      "debug               | root        | DEBUG",
      "' io.netty = error' | io.netty    | ERROR",
      "rosetta.access=off  | rosetta.access | OFF",
  })
  void aSpecSetsTheLevelOfItsLoggerOverTheDefaults(String spec, String logger, String level) {
    LogOptions options = LogOptions.of(LogOptions.Format.TEXT, List.of(spec));
    assertThat(options.levels()).containsEntry(logger, Level.toLevel(level));
    // The user's entry is applied last, after the defaults it may override.
    assertThat(List.copyOf(options.levels().keySet())).last().isEqualTo(logger);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.rosetta=loud", "=debug", "verbose", "io.grpc=all"})
  void aSpecThatIsNoLevelIsRefusedNamingIt(String spec) {
    assertThatThrownBy(() -> LogOptions.of(LogOptions.Format.TEXT, List.of(spec)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(spec);
  }

  @ParameterizedTest
  @CsvSource({"text, TEXT", "JSON, JSON", "' json ', JSON"})
  void formatsParseInAnyCase(String name, LogOptions.Format format) {
    assertThat(LogOptions.Format.parse(name)).isEqualTo(format);
  }

  @ParameterizedTest
  @ValueSource(strings = {"logfmt", ""})
  void anUnknownFormatIsRefused(String name) {
    assertThatThrownBy(() -> LogOptions.Format.parse(name)).hasMessageContaining("text or json");
  }

  @org.junit.jupiter.api.Test
  void byDefaultNettyAndGrpcLogOnlyWarnings() {
    assertThat(LogOptions.defaults().levels())
        .containsEntry("root", Level.INFO).containsEntry("io.netty", Level.WARN).containsEntry("io.grpc", Level.WARN);
  }
}
