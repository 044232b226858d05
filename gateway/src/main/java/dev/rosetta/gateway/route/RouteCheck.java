package dev.rosetta.gateway.route;

import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route a registry's rules give and every rule that cannot become one, without stopping at
 * the first problem as {@link RouteTable#build} does: what {@code rosetta lint} reports.
 *
 * @param routes the rules that resolved and do not conflict with an earlier one
 * @param problems one message per bad or conflicting rule, in declaration order
 */
public record RouteCheck(List<Route> routes, List<String> problems) {
  public RouteCheck {
    routes = List.copyOf(routes);
    problems = List.copyOf(problems);
  }

  public static RouteCheck of(DescriptorRegistry registry) {
    List<String> problems = new ArrayList<>();
    List<Route> resolved = RouteResolver.resolveAll(registry, problems);
    Map<String, RouteTrie.Builder> builders = new LinkedHashMap<>();
    List<Route> kept = new ArrayList<>();
    for (Route route : resolved) {
      try {
        builders.computeIfAbsent(route.httpMethod(), m -> new RouteTrie.Builder()).add(route);
        kept.add(route);
      } catch (RouteException e) {
        problems.add(e.getMessage());
      }
    }
    return new RouteCheck(kept, problems);
  }
}
