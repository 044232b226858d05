package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.route.RouteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How rules become routes: shared by the gateway and the subcommands that print its routes. */
@Command(addMethodSubcommands = false)
final class RouteFlags {
  @Option(names = "--strict-routes", defaultValue = "${env:ROSETTA_STRICT_ROUTES:-false}",
      description = "Refuse to start when two rules claim the same HTTP method and path, instead of serving the "
          + "later one with a warning (env ROSETTA_STRICT_ROUTES).")
  boolean strictRoutes;

  @Option(names = "--auto-routes", defaultValue = "${env:ROSETTA_AUTO_ROUTES:-false}",
      description = "Also serve POST /package.Service/Method, the whole request message as the JSON body, for "
          + "every method without a google.api.http rule (Envoy's auto_mapping) (env ROSETTA_AUTO_ROUTES).")
  boolean autoRoutes;

  RouteOptions toOptions() {
    return new RouteOptions(strictRoutes, autoRoutes);
  }
}
