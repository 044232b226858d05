package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rosetta openapi --descriptor api.pb}: the OpenAPI 3.1 description the gateway would serve. */
@Command(name = "openapi", mixinStandardHelpOptions = true,
    description = {"Prints the OpenAPI 3.1 description of the routes a descriptor set gives (the document "
        + "served at /openapi.json).", "Exit code 1 when the rules do not make a valid route table."})
final class OpenApiCommand implements Callable<Integer> {
  @Mixin DescriptorOption descriptor;
  @Mixin RouteFlags routes;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
      description = "json or yaml (default ${DEFAULT-VALUE}).")
  String format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws StartupException {
    if (!format.equals("json") && !format.equals("yaml")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be json or yaml");
    }
    RouteTable table;
    try {
      table = RouteTable.build(descriptor.load(), routes.toOptions());
    } catch (RouteException e) {
      throw new StartupException(e.getMessage(), e);
    }
    OpenApiDocument document = OpenApiDocument.of(table);
    var out = spec.commandLine().getOut();
    out.print(new String(format.equals("json") ? document.json() : document.yaml(), StandardCharsets.UTF_8));
    out.println();
    out.flush();
    return 0;
  }
}
