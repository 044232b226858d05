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
 * {@code *} child, at most one child for a {@code **} that literal segments follow, a terminal
 * for paths that end at the node and a terminal for a last {@code **} (the rest of the path,
 * zero or more segments). A terminal holds at most one verb-less route and one route per verb.
 * {@link #match} walks the trie depth first, trying at each segment the literal child, then the
 * {@code *} child, then the inner {@code **} child, then the last {@code **}, and backtracks on a
 * dead end: literals beat wildcards at the first segment where two templates differ.
 *
 * <p>An inner {@code **} matches one or more segments, as few as let the literal segments after
 * it match (grpc-httpjson-transcoding's path matcher: on each segment its wildcard node tries its
 * literal children first, else swallows the segment); a last {@code **} matches zero or more.
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
    // "/" has no segment: it matches the root template (and a last "**" matching nothing).
    int length = path.length() == 1 ? 0 : path.length();
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
    if (node.inner != null) {
      // An inner "**": swallow one segment, then one more for as long as the literals after it fail.
      for (int next = end; ; next = nextSegmentEnd(path, next, limit)) {
        Route route = find(node.inner, path, next, limit, verb);
        if (route != null) {
          return route;
        }
        if (next == limit) {
          break;
        }
      }
    }
    return Terminal.get(node.rest, verb);
  }

  /** The end of the segment after the '/' at {@code slash}. */
  private static int nextSegmentEnd(String path, int slash, int limit) {
    int end = path.indexOf('/', slash + 1);
    return end < 0 || end > limit ? limit : end;
  }

  /**
   * Extracts the variables' values of {@code route} from {@code path[0, limit)}. Template segment
   * {@code i} is path segment {@code i} before the {@code **}; the {@code **} takes what the
   * segments after it leave, so those are counted from the end of the path.
   */
  private static RouteMatch capture(Route route, String path, int limit) {
    List<Variable> variables = route.template().variables();
    if (variables.isEmpty()) {
      return new RouteMatch(route, List.of());
    }
    int wildcard = route.template().wildcardPathIndex();
    int after = wildcard < 0 ? 0 : route.template().segments().size() - wildcard - 1;
    int pathSegments = wildcard < 0 ? 0 : countSegments(path, limit);
    PathBinding[] bindings = new PathBinding[variables.size()];
    for (int i = 0; i < bindings.length; i++) {
      Variable v = variables.get(i);
      int from;
      int to;
      if (wildcard < 0) {
        from = segmentStart(path, v.start(), limit);
        to = path.indexOf('/', segmentStart(path, v.end() - 1, limit));
        to = to < 0 || to > limit ? limit : to;
      } else {
        from = segmentStart(path, pathIndex(v.start(), wildcard, after, pathSegments, false), limit);
        to = segmentStart(path, pathIndex(v.end() - 1, wildcard, after, pathSegments, true), limit);
        to = to == limit ? limit : to - 1; // the '/' before the next segment
      }
      // http.proto: a single-segment variable is fully decoded; a multi-segment one keeps
      // %2F/%2f so that its segments stay apart.
      String value = from >= to ? "" : PercentEncoding.decode(path, from, to, v.multiSegment());
      bindings[i] = new PathBinding(route.pathFields().get(i), value);
    }
    return new RouteMatch(route, List.of(bindings));
  }

  /**
   * The path segment of template segment {@code index}: its first one, or with {@code end} the
   * index after its last one (the {@code **} may span several, or none when it is last).
   */
  private static int pathIndex(int index, int wildcard, int after, int pathSegments, boolean end) {
    if (wildcard < 0 || index < wildcard) {
      return end ? index + 1 : index;
    }
    if (index == wildcard) {
      return end ? pathSegments - after : index;
    }
    int fromEnd = pathSegments - (after - (index - wildcard - 1));
    return end ? fromEnd + 1 : fromEnd;
  }

  /** The number of segments of {@code path[0, limit)}. */
  private static int countSegments(String path, int limit) {
    int count = 0;
    for (int i = path.indexOf('/'); i >= 0 && i < limit; i = path.indexOf('/', i + 1)) {
      count++;
    }
    return count;
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

  private record Node(RegionMap<Node> literals, Node wildcard, Node inner, Terminal end, Terminal rest) {}

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

  /**
   * Collects the routes of one HTTP method. Of two routes with the same path shape (variables
   * replaced by their patterns, verb included) the one added later is kept, as Envoy's path
   * matcher and grpc-gateway v2's mux do; {@link #add} hands back the one it displaced.
   */
  static final class Builder {
    private final MutableNode root = new MutableNode();
    private final Map<String, String> verbs = new LinkedHashMap<>();

    /** Adds {@code route}; returns the route of the same shape it replaces, or null. */
    Route add(Route route) {
      MutableNode node = root;
      Map<String, Route> terminal = null;
      List<Segment> segments = route.template().segments();
      for (int i = 0; i < segments.size(); i++) {
        switch (segments.get(i).kind()) {
          case LITERAL -> node = node.literals.computeIfAbsent(segments.get(i).literal(), k -> new MutableNode());
          case SINGLE_WILDCARD -> node = node.wildcard == null ? (node.wildcard = new MutableNode()) : node.wildcard;
          case MULTI_WILDCARD -> {
            if (i == segments.size() - 1) {
              terminal = node.rest;
            } else {
              node = node.inner == null ? (node.inner = new MutableNode()) : node.inner;
            }
          }
        }
      }
      if (terminal == null) {
        terminal = node.end;
      }
      String verb = route.template().verb();
      if (verb != null) {
        verbs.putIfAbsent(verb, verb);
      }
      return terminal.put(verb, route);
    }

    RouteTrie build() {
      return new RouteTrie(root.freeze(), verbs.isEmpty() ? null : new RegionMap<>(verbs));
    }
  }

  private static final class MutableNode {
    final Map<String, MutableNode> literals = new LinkedHashMap<>();
    MutableNode wildcard;
    MutableNode inner;
    final Map<String, Route> end = new HashMap<>(); // by verb; null key: no verb
    final Map<String, Route> rest = new HashMap<>();

    Node freeze() {
      Map<String, Node> children = new HashMap<>();
      literals.forEach((literal, child) -> children.put(literal, child.freeze()));
      return new Node(
          children.isEmpty() ? null : new RegionMap<>(children),
          wildcard == null ? null : wildcard.freeze(),
          inner == null ? null : inner.freeze(),
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
