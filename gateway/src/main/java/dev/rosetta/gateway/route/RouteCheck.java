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
 * @param routes the rules that resolved and would be served (none a later rule shadows)
 * @param problems one message per bad rule and per conflict (naming the rule that wins), in
 *     declaration order
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
    List<RouteConflict> conflicts = new ArrayList<>();
    for (Route route : resolved) {
      Route shadowed = builders.computeIfAbsent(route.httpMethod(), m -> new RouteTrie.Builder()).add(route);
      if (shadowed != null) {
        conflicts.add(new RouteConflict(shadowed, route));
        problems.add(conflicts.get(conflicts.size() - 1).message());
      }
    }
    return new RouteCheck(RouteTable.served(resolved, List.of(), conflicts), problems);
  }
}
