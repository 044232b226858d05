package dev.rosetta.gateway.route;

import java.util.Set;

/** The answer of {@link RouteTable#match}: a match, a path known under other methods, or nothing. */
public sealed interface RouteLookup {

  /** The request matched {@code match.route()}. */
  record Found(RouteMatch match) implements RouteLookup {}

  /** The path matches routes, but none for this HTTP method: answer 405 with {@code Allow}. */
  record MethodNotAllowed(Set<String> allowed) implements RouteLookup {
    public MethodNotAllowed {
      allowed = Set.copyOf(allowed);
    }
  }

  /** No route matches the path under any method: answer 404. */
  record NotFound() implements RouteLookup {}

  /** The path itself is malformed (for instance a broken percent-encoding): answer 400. */
  record InvalidPath(String message) implements RouteLookup {}
}
