package dev.rosetta.gateway.route;

/**
 * An HTTP rule that cannot become a route: a template that does not parse, a variable or body
 * naming no field, or two rules claiming the same method and path. Stops start-up; the message
 * names the method and the route.
 */
public final class RouteException extends Exception {
  public RouteException(String message) {
    super(message);
  }
}
