package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.StartupException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rosetta routes --descriptor api.pb}: the route table, one route a line. */
@Command(name = "routes", mixinStandardHelpOptions = true,
    description = {"Prints the HTTP routes a descriptor set gives and the gRPC method behind each.",
        "Exit code 1 when the rules do not make a valid route table (run lint for every problem)."})
final class RoutesCommand implements Callable<Integer> {
  @Mixin DescriptorOption descriptor;
  @Mixin RouteFlags routes;
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
          + (route.responseBody().isEmpty() ? "" : "  response_body=" + route.responseBody());
      out.printf(format, route.httpMethod(), route.template(),
          route.method().getService().getFullName() + "/" + route.method().getName(), extras);
    }
    out.flush();
    return 0;
  }
}
