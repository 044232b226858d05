package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.PolicyException;
import dev.rosetta.gateway.policy.RoutePolicies;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.StartupException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rosetta routes --descriptor api.pb}: the route table, one route a line; with {@code
 * --config}, the edge policies of its {@code policies:} on each route, as the gateway would
 * enforce them.
 */
@Command(name = "routes", mixinStandardHelpOptions = true,
    description = {"Prints the HTTP routes a descriptor set gives and the gRPC method behind each "
        + "(with --config, the edge policies on each route).",
        "Exit code 1 when the rules do not make a valid route table (run lint for every problem), "
        + "or the policies do not fit the routes."})
final class RoutesCommand implements Callable<Integer> {
  @Mixin DescriptorOption descriptor;
  @Mixin RouteFlags routes;

  @Option(names = "--config", paramLabel = "YAML", defaultValue = "${env:ROSETTA_CONFIG}",
      description = "Configuration file: its policies: section is shown per route (env ROSETTA_CONFIG).")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws StartupException {
    RouteTable table;
    try {
      table = RouteTable.build(descriptor.load(), routes.toOptions());
    } catch (RouteException e) {
      throw new StartupException(e.getMessage(), e);
    }
    table.conflicts().forEach(c -> spec.commandLine().getErr().println("warning: " + c.message()));
    RoutePolicies policies = null;
    if (config != null) {
      try {
        PolicyConfig file = ConfigFile.load(config).policies();
        policies = file.isEmpty() ? null : RoutePolicies.of(file, table);
      } catch (ConfigException | PolicyException e) {
        throw new StartupException(e.getMessage(), e);
      }
    }
    int methodWidth = 6;
    int templateWidth = 8;
    for (Route route : table.routes()) {
      methodWidth = Math.max(methodWidth, route.httpMethod().length());
      templateWidth = Math.max(templateWidth, route.template().toString().length());
    }
    var out = spec.commandLine().getOut();
    String format = "%-" + methodWidth + "s  %-" + templateWidth + "s  %s%s%n";
    for (Route route : table.routes()) {
      String extras = (route.body().isEmpty() ? "" : "  body=" + route.body())
          + (route.responseBody().isEmpty() ? "" : "  response_body=" + route.responseBody())
          + (policies == null ? "" : "  policy=" + policies.describe(route));
      out.printf(format, route.httpMethod(), route.template(),
          route.method().getService().getFullName() + "/" + route.method().getName(), extras);
    }
    out.flush();
    return 0;
  }
}
