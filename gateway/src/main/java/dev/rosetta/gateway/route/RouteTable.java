package dev.rosetta.gateway.route;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final List<RouteConflict> conflicts;
  private final Map<String, RouteTrie> byMethod;
  /** Whether {@code %2F} in a path is read as '/' before matching: see {@link #withEncodedSlashesDecoded}. */
  private final boolean decodeEncodedSlashes;
  private final RpcProcedures procedures;

  private RouteTable(List<Route> routes, List<RouteConflict> conflicts, Map<String, RouteTrie> byMethod,
      boolean decodeEncodedSlashes, RpcProcedures procedures) {
    this.routes = List.copyOf(routes);
    this.conflicts = List.copyOf(conflicts);
    this.byMethod = byMethod;
    this.procedures = procedures;
    this.decodeEncodedSlashes = decodeEncodedSlashes;
  }

  /**
   * This table, reading {@code %2F} (and {@code %2f}) in a request path as {@code /} before
   * matching when {@code decode} is true, as Envoy does with {@code path_with_escaped_slashes_action:
   * UNESCAPE_AND_FORWARD}. http.proto keeps {@code %2F} inside a multi-segment variable's value;
   * but clients generated from an OpenAPI document percent-encode every path parameter, so a
   * {@code {path=**}} value {@code a/b} reaches the gateway as {@code a%2Fb}, and a whole resource
   * name {@code shelves/s1} as one segment. Off by default.
   */
  public RouteTable withEncodedSlashesDecoded(boolean decode) {
    return decode == decodeEncodedSlashes ? this : new RouteTable(routes, conflicts, byMethod, decode, procedures);
  }

  /**
   * This table with {@code methods} on their RPC paths as well ({@link #procedure}): methods the
   * gateway serves itself (server reflection), in no descriptor set and with no REST route.
   */
  public RouteTable withGatewayMethods(List<MethodDescriptor> methods) {
    return new RouteTable(routes, conflicts, byMethod, decodeEncodedSlashes, procedures.with(methods));
  }

  /** A table with no routes and no RPC paths: every request it is asked about is not found. */
  public static RouteTable empty() {
    // A HashMap, as build() makes: a request served from this table leaves match() the same type
    // profile as one served from a real table (the WarmUp's requests compile that code).
    return new RouteTable(List.of(), List.of(), new HashMap<>(), false, RpcProcedures.NONE);
  }

  /** {@link #build(DescriptorRegistry, RouteOptions)} with {@link RouteOptions#DEFAULTS}. */
  public static RouteTable build(DescriptorRegistry registry) throws RouteException {
    return build(registry, RouteOptions.DEFAULTS);
  }

  /**
   * Resolves every {@code google.api.http} rule (and its {@code additional_bindings}) of {@code
   * registry}, plus the auto routes when {@code options} asks for them. Of two rules on the same
   * method and path shape the later one is served and the pair is listed in {@link #conflicts}; an
   * auto route never displaces a rule (rules are registered after every auto route).
   *
   * @throws RouteException for the first rule that cannot become a route (the message names the
   *     method and the template), or with {@link RouteOptions#strict} for the first conflict
   */
  public static RouteTable build(DescriptorRegistry registry, RouteOptions options) throws RouteException {
    List<Route> auto = options.autoRoutes() ? RpcProcedures.autoRoutes(registry) : List.of();
    List<Route> rules = RouteResolver.resolve(registry);
    List<RouteConflict> conflicts = new ArrayList<>();
    Map<String, RouteTrie.Builder> builders = new LinkedHashMap<>();
    for (List<Route> batch : List.of(auto, rules)) {
      for (Route route : batch) {
        Route shadowed = builders.computeIfAbsent(route.httpMethod(), m -> new RouteTrie.Builder()).add(route);
        if (shadowed != null) {
          RouteConflict conflict = new RouteConflict(shadowed, route);
          if (options.strict()) {
            throw conflict.strictError();
          }
          conflicts.add(conflict);
        }
      }
    }
    Map<String, RouteTrie> byMethod = new HashMap<>();
    builders.forEach((method, builder) -> byMethod.put(method, builder.build()));
    return new RouteTable(served(rules, auto, conflicts), conflicts, byMethod, false, RpcProcedures.of(registry));
  }

  /** The rules, then the auto routes, in declaration order, less those a later rule shadows. */
  static List<Route> served(List<Route> rules, List<Route> auto, List<RouteConflict> conflicts) {
    Set<Route> shadowed = Collections.newSetFromMap(new IdentityHashMap<>());
    conflicts.forEach(c -> shadowed.add(c.shadowed()));
    List<Route> served = new ArrayList<>(rules.size() + auto.size());
    for (List<Route> batch : List.of(rules, auto)) {
      batch.stream().filter(r -> !shadowed.contains(r)).forEach(served::add);
    }
    return served;
  }

  /**
   * Finds the route for a request.
   *
   * @param httpMethod the request method, compared case-sensitively (RFC 9110 section 9.1)
   * @param requestPath the request target's path as received: starting with '/', no query
   *     string, not percent-decoded
   */
  public RouteLookup match(String httpMethod, String requestPath) {
    if (requestPath == null || requestPath.isEmpty() || requestPath.charAt(0) != '/') {
      return new RouteLookup.InvalidPath("path does not start with '/': " + requestPath);
    }
    if (!PercentEncoding.isValid(requestPath)) {
      return new RouteLookup.InvalidPath("invalid percent-encoding in path: " + requestPath);
    }
    String rawPath = decodeEncodedSlashes ? PercentEncoding.decodeSlashes(requestPath) : requestPath;
    if (rawPath.length() > 1 && hasEmptySegment(rawPath)) {
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

  /**
   * The routes of every RPC path ({@link #procedure}), the gateway's own methods among them; not
   * in {@link #routes()}, which lists what REST serves.
   */
  public java.util.Collection<Route> procedures() {
    return procedures.routes();
  }

  /**
   * Every route served, in declaration order (services, methods, then a rule's additional
   * bindings; auto routes last); a route a later rule shadows is not among them.
   */
  public List<Route> routes() {
    return routes;
  }

  /** The pairs of rules on the same method and path shape, in the order they were met; the later one is served. */
  public List<RouteConflict> conflicts() {
    return conflicts;
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
