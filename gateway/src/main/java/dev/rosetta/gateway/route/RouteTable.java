package dev.rosetta.gateway.route;

import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.List;

/** Placeholder until the matcher lands. */
public final class RouteTable {
  public static RouteTable build(DescriptorRegistry registry) throws RouteException {
    throw new RouteException("not built yet");
  }

  public RouteLookup match(String httpMethod, String rawPath) {
    return new RouteLookup.NotFound();
  }

  public List<Route> routes() {
    return List.of();
  }
}
