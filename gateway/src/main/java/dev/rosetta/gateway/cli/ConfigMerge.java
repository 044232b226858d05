package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Layers the configuration file under the command line: defaults &lt; file &lt; environment &lt;
 * flags. The file's settings become flag arguments placed before the user's own, and only for
 * flags neither given on the command line nor set through their environment variable.
 */
final class ConfigMerge {
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

  /** The arguments to run with, and what else the configuration file declares. */
  record Merged(String[] args, ConfigFile.Contents file) {
    Merged(String[] args) {
      this(args, ConfigFile.Contents.EMPTY);
    }

    List<BackendSpec> backends() {
      return file.backends();
    }

    OpenApiOptions openApi() {
      return file.openApi();
    }

    PolicyConfig policies() {
      return file.policies();
    }
  }

  private ConfigMerge() {}

  static Merged merge(String[] args, Map<String, String> env) throws ConfigException {
    return merge(new CommandLine(new Main()), args, env);
  }

  /**
   * As {@link #merge(String[], Map)}, reading the command line with {@code probe}, the command that
   * will then run the merged arguments (picocli resets every option before each parse). One
   * command model instead of two: building it is most of picocli's share of start-up (issue 16).
   */
  static Merged merge(CommandLine probe, String[] args, Map<String, String> env) throws ConfigException {
    if (!mayNameConfigFile(args, env)) {
      return new Merged(args); // nothing to merge, and no reason to parse the command line twice
    }
    ParseResult parsed;
    try {
      parsed = probe.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return new Merged(args); // the real run reports it
    }
    if (parsed.subcommand() != null || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
      return new Merged(args);
    }
    String config = parsed.matchedOptionValue("--config", env.get("ROSETTA_CONFIG"));
    if (config == null || config.isBlank()) {
      return new Merged(args);
    }
    ConfigFile.Contents contents = ConfigFile.load(Path.of(config));
    // Read without interpolation, so that defaults show which variable they come from.
    CommandLine raw = new CommandLine(new Main()).setInterpolateVariables(false);
    List<String> merged = new ArrayList<>();
    for (Map.Entry<String, List<String>> setting : contents.flags().entrySet()) {
      OptionSpec option = probe.getCommandSpec().findOption(setting.getKey());
      if (option == null || parsed.hasMatchedOption(setting.getKey())
          || envSet(raw.getCommandSpec().findOption(setting.getKey()), env)) {
        continue;
      }
      for (String value : setting.getValue()) {
        if (option.typeInfo().isBoolean()) {
          if (Boolean.parseBoolean(value)) {
            merged.add(setting.getKey());
          } else if (option.negatable()) {
            merged.add("--no-" + setting.getKey().substring(2)); // a default that is on, turned off
          }
        } else {
          merged.add(setting.getKey() + "=" + value);
        }
      }
    }
    merged.addAll(List.of(args));
    return new Merged(merged.toArray(String[]::new), contents);
  }

  /**
   * Whether the command line or the environment may name a configuration file: {@code --config}
   * (as {@code --config FILE} or {@code --config=FILE}), an {@code @file} of arguments (picocli
   * expands those) or {@code ROSETTA_CONFIG}. Without any, the probe's parse is skipped: it would
   * find nothing, and a start paid for two parses of the command line (issue 16).
   */
  private static boolean mayNameConfigFile(String[] args, Map<String, String> env) {
    String fromEnv = env.get("ROSETTA_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return true;
    }
    for (String arg : args) {
      if (arg.startsWith("--config") || arg.startsWith("@")) {
        return true;
      }
    }
    return false;
  }

  private static boolean envSet(OptionSpec option, Map<String, String> env) {
    String defaultValue = option.defaultValue();
    if (defaultValue == null) {
      return false;
    }
    Matcher m = ENV.matcher(defaultValue);
    return m.find() && env.get(m.group(1)) != null;
  }
}
