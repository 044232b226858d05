package dev.rosetta.gateway.route;

import java.util.List;

/** A route that matched a request path, with the values its variables captured (already decoded). */
public record RouteMatch(Route route, List<PathBinding> bindings) {
  public RouteMatch {
    bindings = List.copyOf(bindings);
  }
}
