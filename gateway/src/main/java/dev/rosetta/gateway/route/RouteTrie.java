package dev.rosetta.gateway.route;

import dev.rosetta.gateway.route.PathTemplate.Segment;
import dev.rosetta.gateway.route.PathTemplate.Variable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one HTTP method as a trie over template segments. Immutable and thread safe:
 * made once by {@link Builder} and then only read.
 *
 * <p>A node has literal children (looked up by the percent-decoded path segment), at most one
 * {@code *} child, a terminal for paths that end at the node and a terminal for {@code **} (the
 * rest of the path, zero or more segments). A terminal holds at most one verb-less route and one
 * route per verb. {@link #match} walks the trie depth first, trying at each segment the literal
 * child, then the {@code *} child, then {@code **}, and backtracks on a dead end: literals beat
 * wildcards at the first segment where two templates differ.
 *
 * <p>The walk works on offsets into the raw path and allocates nothing (segments containing
 * {@code '%'} aside, which are decoded to compare with literals); only a match allocates its
 * result.
 */
final class RouteTrie {
  private final Node root;
  /** The verbs this method's routes use, each mapped to itself (the canonical instance). */
  private final RegionMap<String> verbs;

  private RouteTrie(Node root, RegionMap<String> verbs) {
    this.root = root;
    this.verbs = verbs;
  }

  /**
   * The route matching {@code path}, with its captured values, or null. {@code path} starts with
   * {@code '/'}, has valid percent-escapes and no empty segment.
   */
  RouteMatch match(String path) {
    int length = path.length();
    if (verbs != null) {
      // http.proto: the verb is the text after the last ':' of the last segment. A route with
      // that verb is tried first; then the whole segment against verb-less routes, so that
      // "/v1/things/a:b" still reaches "/v1/things/{id}" when no route has the verb "b".
      int colon = path.lastIndexOf(':');
      if (colon > path.lastIndexOf('/') + 1 && colon + 1 < length) {
        String verb = verbs.getDecoded(path, colon + 1, length);
        if (verb != null) {
          Route route = find(root, path, 0, colon, verb);
          if (route != null) {
            return capture(route, path, colon);
          }
        }
      }
    }
    Route route = find(root, path, 0, length, null);
    return route == null ? null : capture(route, path, length);
  }

  /**
   * Matches {@code path[pos, limit)}, where {@code pos} is at a '/' or at {@code limit}, below
   * {@code node}.
   */
  private static Route find(Node node, String path, int pos, int limit, String verb) {
    if (pos == limit) {
      Route route = Terminal.get(node.end, verb);
      return route != null ? route : Terminal.get(node.rest, verb); // ** matching zero segments
    }
    int start = pos + 1;
    int end = path.indexOf('/', start);
    if (end < 0 || end > limit) {
      end = limit;
    }
    if (end == start) {
      return null; // an empty segment matches nothing
    }
    if (node.literals != null) {
      Node child = node.literals.getDecoded(path, start, end);
      if (child != null) {
        Route route = find(child, path, end, limit, verb);
        if (route != null) {
          return route;
        }
      }
    }
    if (node.wildcard != null) {
      Route route = find(node.wildcard, path, end, limit, verb);
      if (route != null) {
        return route;
      }
    }
    return Terminal.get(node.rest, verb);
  }

  /** Extracts the variables' values of {@code route} from {@code path[0, limit)}. */
  private static RouteMatch capture(Route route, String path, int limit) {
    List<Variable> variables = route.template().variables();
    PathBinding[] bindings = new PathBinding[variables.size()];
    for (int i = 0; i < bindings.length; i++) {
      Variable v = variables.get(i);
      int from = segmentStart(path, v.start(), limit);
      int to = limit;
      if (!v.toEnd()) {
        to = path.indexOf('/', segmentStart(path, v.end() - 1, limit));
        to = to < 0 || to > limit ? limit : to;
      }
      // http.proto: a single-segment variable is fully decoded; a multi-segment one keeps
      // %2F/%2f so that its segments stay apart.
      String value = PercentEncoding.decode(path, from, to, v.multiSegment());
      bindings[i] = new PathBinding(route.pathFields().get(i), value);
    }
    return new RouteMatch(route, List.of(bindings));
  }

  /** The offset of the segment at {@code index} (0-based), or {@code limit} when there is none. */
  private static int segmentStart(String path, int index, int limit) {
    int slash = 0;
    for (int i = 0; i < index; i++) {
      slash = path.indexOf('/', slash + 1);
      if (slash < 0 || slash >= limit) {
        return limit;
      }
    }
    return slash + 1;
  }

  private record Node(RegionMap<Node> literals, Node wildcard, Terminal end, Terminal rest) {}

  private record Terminal(Route plain, String[] verbs, Route[] verbRoutes) {
    static Route get(Terminal t, String verb) {
      if (t == null) {
        return null;
      }
      if (verb == null) {
        return t.plain;
      }
      for (int i = 0; i < t.verbs.length; i++) {
        if (t.verbs[i].equals(verb)) {
          return t.verbRoutes[i];
        }
      }
      return null;
    }
  }

  /** Collects the routes of one HTTP method; rejects two routes of the same path shape. */
  static final class Builder {
    private final MutableNode root = new MutableNode();
    private final Map<String, String> verbs = new LinkedHashMap<>();

    void add(Route route) throws RouteException {
      MutableNode node = root;
      Map<String, Route> terminal = null;
      for (Segment segment : route.template().segments()) {
        switch (segment.kind()) {
          case LITERAL -> node = node.literals.computeIfAbsent(segment.literal(), k -> new MutableNode());
          case SINGLE_WILDCARD -> node = node.wildcard == null ? (node.wildcard = new MutableNode()) : node.wildcard;
          case MULTI_WILDCARD -> terminal = node.rest;
        }
      }
      if (terminal == null) {
        terminal = node.end;
      }
      String verb = route.template().verb();
      if (verb != null) {
        verbs.putIfAbsent(verb, verb);
      }
      Route existing = terminal.putIfAbsent(verb, route);
      if (existing != null) {
        throw new RouteException(
            "route conflict: " + existing + " (" + existing.source() + ") and " + route + " ("
                + route.source() + ") match the same paths");
      }
    }

    RouteTrie build() {
      return new RouteTrie(root.freeze(), verbs.isEmpty() ? null : new RegionMap<>(verbs));
    }
  }

  private static final class MutableNode {
    final Map<String, MutableNode> literals = new LinkedHashMap<>();
    MutableNode wildcard;
    final Map<String, Route> end = new HashMap<>(); // by verb; null key: no verb
    final Map<String, Route> rest = new HashMap<>();

    Node freeze() {
      Map<String, Node> children = new HashMap<>();
      literals.forEach((literal, child) -> children.put(literal, child.freeze()));
      return new Node(
          children.isEmpty() ? null : new RegionMap<>(children),
          wildcard == null ? null : wildcard.freeze(),
          freeze(end),
          freeze(rest));
    }

    private static Terminal freeze(Map<String, Route> routes) {
      if (routes.isEmpty()) {
        return null;
      }
      String[] verbs = routes.keySet().stream().filter(v -> v != null).toArray(String[]::new);
      Route[] verbRoutes = new Route[verbs.length];
      for (int i = 0; i < verbs.length; i++) {
        verbRoutes[i] = routes.get(verbs[i]);
      }
      return new Terminal(routes.get(null), verbs, verbRoutes);
    }
  }
}
