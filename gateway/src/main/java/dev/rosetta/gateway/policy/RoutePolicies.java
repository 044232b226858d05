package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a configuration's policies put on each route of a table, read without starting anything
 * (no key fetch, no channel): what {@code rosetta routes} prints, and what the OpenAPI document
 * derives its security from, in the gateway and in {@code rosetta openapi} alike. Immutable.
 */
public final class RoutePolicies {
  private final PolicyConfig config;
  private final Map<Route, RoutePolicy> byRoute;

  private RoutePolicies(PolicyConfig config, Map<Route, RoutePolicy> byRoute) {
    this.config = config;
    this.byRoute = byRoute;
  }

  /**
   * Resolves {@code config}'s rules over {@code routes}, with the checks start-up makes.
   *
   * @throws PolicyException naming the rule's file and line when a rule selects no route or two
   *     rules conflict
   */
  public static RoutePolicies of(PolicyConfig config, RouteTable routes) throws PolicyException {
    PolicyEngine.verify(config, routes);
    Map<Route, RoutePolicy> byRoute = new IdentityHashMap<>();
    for (Route route : routes.routes()) {
      byRoute.put(route, RoutePolicy.resolve(config.rules(), RouteKey.of(route)));
    }
    return new RoutePolicies(config, byRoute);
  }

  /** What is in force on {@code route}, as {@link PolicyChain#description()} says it. */
  public String describe(Route route) {
    return policy(route).describe(config);
  }

  /** Whether {@code route} wants a token. */
  public JwtRequirement jwt(Route route) {
    return policy(route).jwt();
  }

  /**
   * Where the token of {@code route} is looked for: every place its providers name, in order,
   * without repeats; empty when the route checks no token.
   */
  public List<TokenSource> tokenSources(Route route) {
    RoutePolicy policy = policy(route);
    if (policy.jwt() == JwtRequirement.NONE) {
      return List.of();
    }
    List<TokenSource> sources = new ArrayList<>();
    for (JwtProviderSpec provider : policy.providers(config)) {
      for (TokenSource source : provider.from()) {
        if (!sources.contains(source)) {
          sources.add(source);
        }
      }
    }
    return sources;
  }

  private RoutePolicy policy(Route route) {
    RoutePolicy policy = byRoute.get(route);
    return policy == null ? RoutePolicy.NONE : policy;
  }
}
