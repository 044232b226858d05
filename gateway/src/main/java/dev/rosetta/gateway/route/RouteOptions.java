package dev.rosetta.gateway.route;

/**
 * How a route table is built from the rules. Immutable.
 *
 * @param strict refuse two rules of one HTTP method on the same path shape (a {@link
 *     RouteException}) instead of serving the later one with a warning
 * @param autoRoutes also route {@code POST /package.Service/Method} (body {@code *}) to every
 *     method that has no {@code google.api.http} rule (Envoy's {@code auto_mapping})
 */
public record RouteOptions(boolean strict, boolean autoRoutes) {
  /** What grpc-gateway v2 and Envoy do: the later of two conflicting rules wins; no auto routes. */
  public static final RouteOptions DEFAULTS = new RouteOptions(false, false);
}
