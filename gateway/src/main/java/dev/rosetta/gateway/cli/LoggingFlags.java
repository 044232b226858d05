package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.logging.LogOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How the process logs ({@code --log-format}, {@code --log-level}), mixed into {@link GatewayOptions}. */
@Command(addMethodSubcommands = false)
final class LoggingFlags {
  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:ROSETTA_LOG_FORMAT:-text}",
      description = "Log lines on standard error: text or json (one JSON object a line) "
          + "(env ROSETTA_LOG_FORMAT, default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--log-level", paramLabel = "LOGGER=LEVEL", split = ",", defaultValue = "${env:ROSETTA_LOG_LEVEL}",
      description = "Level of a logger and those below it, e.g. dev.rosetta=debug,io.grpc=info; a bare level sets "
          + "the root logger (trace, debug, info, warn, error, off; repeatable; default info, io.netty and io.grpc "
          + "warn; env ROSETTA_LOG_LEVEL, comma-separated).")
  List<String> levels = new ArrayList<>();

  /** @throws IllegalArgumentException naming a format or level that is not one */
  LogOptions toOptions() {
    return LogOptions.of(LogOptions.Format.parse(format), levels == null ? List.of() : levels);
  }
}
