package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.PolicyOpenApi;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rosetta openapi --descriptor api.pb}: the OpenAPI 3.1 description the gateway would
 * serve. It takes the settings that shape the document (the {@code openapi:} section of {@code
 * --config}, the routes' JWT requirements of its {@code policies:}, the {@code --openapi-*} flags,
 * and how JSON is printed), so the same settings give the same bytes as {@code /openapi.json}.
 */
@Command(name = "openapi", mixinStandardHelpOptions = true,
    description = {"Prints the OpenAPI 3.1 description of the routes a descriptor set gives (the document "
        + "served at /openapi.json, given the same settings).", "Exit code 1 when the rules do not make a valid route table."})
final class OpenApiCommand implements Callable<Integer> {
  @Mixin DescriptorOption descriptor;
  @Mixin RouteFlags routes;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
      description = "json or yaml (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--config", paramLabel = "YAML", defaultValue = "${env:ROSETTA_CONFIG}",
      description = "Configuration file: its openapi: section, json: printing options and the JWT requirements of "
          + "its policies: apply (env ROSETTA_CONFIG).")
  Path config;

  @Option(names = "--preserve-proto-field-names", defaultValue = "${env:ROSETTA_PRESERVE_PROTO_FIELD_NAMES}",
      description = "Describe properties by their proto names, as the gateway prints them with this flag "
          + "(env ROSETTA_PRESERVE_PROTO_FIELD_NAMES).")
  Boolean preserveProtoFieldNames;

  @Option(names = "--enums-as-ints", defaultValue = "${env:ROSETTA_ENUMS_AS_INTS}",
      description = "Describe enums as numbers, as the gateway prints them with this flag (env ROSETTA_ENUMS_AS_INTS).")
  Boolean enumsAsInts;

  @Mixin OpenApiFlags openApi;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws StartupException {
    if (!format.equals("json") && !format.equals("yaml")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be json or yaml");
    }
    OpenApiOptions base = OpenApiOptions.DEFAULTS;
    PolicyConfig policies = PolicyConfig.NONE;
    Map<String, List<String>> fileFlags = Map.of();
    if (config != null) {
      try {
        ConfigFile.Contents contents = ConfigFile.load(config);
        base = contents.openApi();
        policies = contents.policies();
        fileFlags = contents.flags();
      } catch (ConfigException e) {
        throw new StartupException(e.getMessage(), e);
      }
    }
    OpenApiOptions options;
    try {
      options = openApi.over(base);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CodecOptions codec = new CodecOptions(flag(preserveProtoFieldNames, fileFlags, "--preserve-proto-field-names"),
        false, flag(enumsAsInts, fileFlags, "--enums-as-ints"), false);
    RouteTable table;
    try {
      table = RouteTable.build(descriptor.load(), routes.toOptions());
    } catch (RouteException e) {
      throw new StartupException(e.getMessage(), e);
    }
    OpenApiDocument document = PolicyOpenApi.document(table, options, codec, policies);
    var out = spec.commandLine().getOut();
    out.print(new String(format.equals("json") ? document.json() : document.yaml(), StandardCharsets.UTF_8));
    out.println();
    out.flush();
    return 0;
  }

  /** The flag's value when given (or its variable set), else the file's, else false. */
  private static boolean flag(Boolean given, Map<String, List<String>> fileFlags, String name) {
    if (given != null) {
      return given;
    }
    List<String> values = fileFlags.get(name);
    return values != null && !values.isEmpty() && Boolean.parseBoolean(values.get(values.size() - 1));
  }
}
