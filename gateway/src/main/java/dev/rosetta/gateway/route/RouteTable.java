package dev.rosetta.gateway.route;

import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every HTTP route of a descriptor registry, and the matcher that finds the route of a request.
 * Immutable and thread safe: {@link #build} makes it once at start-up (or at a reload, then it is
 * swapped whole) and every request reads it. Precedence and decoding rules are in {@code
 * package-info.java}.
 *
 * <p>Example: with {@code GET /v1/{name=shelves/*}}, {@code match("GET", "/v1/shelves/s1")} is a
 * {@link RouteLookup.Found} binding {@code name} to {@code shelves/s1}; {@code match("POST",
 * "/v1/shelves/s1")} is {@link RouteLookup.MethodNotAllowed} with {@code [GET]}.
 */
public final class RouteTable {
  private static final RouteLookup NOT_FOUND = new RouteLookup.NotFound();

  private final List<Route> routes;
  private final Map<String, RouteTrie> byMethod;
  private final RpcProcedures procedures;

  private RouteTable(List<Route> routes, Map<String, RouteTrie> byMethod, RpcProcedures procedures) {
    this.routes = List.copyOf(routes);
    this.byMethod = byMethod;
    this.procedures = procedures;
  }

  /**
   * Resolves every {@code google.api.http} rule (and its {@code additional_bindings}) of {@code
   * registry}.
   *
   * @throws RouteException for the first rule that cannot become a route; the message names the
   *     method and the template
   */
  public static RouteTable build(DescriptorRegistry registry) throws RouteException {
    List<Route> routes = RouteResolver.resolve(registry);
    Map<String, RouteTrie.Builder> builders = new LinkedHashMap<>();
    for (Route route : routes) {
      builders.computeIfAbsent(route.httpMethod(), m -> new RouteTrie.Builder()).add(route);
    }
    Map<String, RouteTrie> byMethod = new HashMap<>();
    builders.forEach((method, builder) -> byMethod.put(method, builder.build()));
    return new RouteTable(routes, byMethod, RpcProcedures.of(registry));
  }

  /**
   * Finds the route for a request.
   *
   * @param httpMethod the request method, compared case-sensitively (RFC 9110 section 9.1)
   * @param rawPath the request target's path as received: starting with '/', no query string,
   *     not percent-decoded
   */
  public RouteLookup match(String httpMethod, String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new RouteLookup.InvalidPath("path does not start with '/': " + rawPath);
    }
    if (!PercentEncoding.isValid(rawPath)) {
      return new RouteLookup.InvalidPath("invalid percent-encoding in path: " + rawPath);
    }
    if (hasEmptySegment(rawPath)) {
      return NOT_FOUND; // no template has an empty segment: "//" and a trailing '/' never match
    }
    RouteTrie trie = byMethod.get(httpMethod);
    if (trie != null) {
      RouteMatch match = trie.match(rawPath);
      if (match != null) {
        return new RouteLookup.Found(match);
      }
    }
    TreeSet<String> allowed = null;
    for (Map.Entry<String, RouteTrie> e : byMethod.entrySet()) {
      if (!e.getKey().equals(httpMethod) && e.getValue().match(rawPath) != null) {
        if (allowed == null) {
          allowed = new TreeSet<>();
        }
        allowed.add(e.getKey());
      }
    }
    return allowed == null ? NOT_FOUND : new RouteLookup.MethodNotAllowed(allowed);
  }

  /**
   * The method a gRPC, gRPC-Web or Connect request calls on its RPC path {@code
   * /package.Service/Method}, as a route of its own (see {@link RpcProcedures}); null when no
   * loaded service has it. Every method of the loaded services has one, with or without a
   * {@code google.api.http} rule.
   */
  public RouteMatch procedure(String rawPath) {
    return procedures.find(rawPath);
  }

  /** Every route, in declaration order (services, methods, then a rule's additional bindings). */
  public List<Route> routes() {
    return routes;
  }

  private static boolean hasEmptySegment(String path) {
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      if (i + 1 == path.length() || path.charAt(i + 1) == '/') {
        return true;
      }
    }
    return false;
  }
}
