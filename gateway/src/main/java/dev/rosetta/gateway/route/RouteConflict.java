package dev.rosetta.gateway.route;

/**
 * Two rules of one HTTP method on the same path shape: only {@code winner}, the later
 * registration (descriptor file order, then method order, then binding order), is served, as
 * Envoy's path matcher and grpc-gateway v2's mux keep the last one registered.
 *
 * @param shadowed the earlier route, never reached
 * @param winner the later route, served
 */
public record RouteConflict(Route shadowed, Route winner) {

  /** One line for the start-up warning and {@code rosetta lint}, naming both methods and the winner. */
  public String message() {
    return "route conflict: " + shadowed + " (" + shadowed.source() + ") and " + winner + " (" + winner.source()
        + ") match the same paths; serving " + winner.source() + ", the later rule";
  }

  /** The start-up error with {@code --strict-routes}, as before conflicts were served. */
  RouteException strictError() {
    return new RouteException("route conflict: " + shadowed + " (" + shadowed.source() + ") and " + winner + " ("
        + winner.source() + ") match the same paths (--strict-routes refuses conflicting rules)");
  }
}
