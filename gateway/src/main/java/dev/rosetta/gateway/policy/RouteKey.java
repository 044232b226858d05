package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.route.Route;

/**
 * What the policies know of the route a request matched: the names route rules select by.
 * Immutable.
 *
 * @param httpMethod the route's method, {@code GET}, {@code POST}, ... (a custom rule's kind)
 * @param template the path template as written in the rule, e.g. {@code /v1/{name=shelves/*}}
 * @param fullMethod the gRPC method, {@code pkg.v1.Service/Method}
 * @param service the gRPC service, {@code pkg.v1.Service}
 */
public record RouteKey(String httpMethod, String template, String fullMethod, String service) {

  public static RouteKey of(Route route) {
    String service = route.method().getService().getFullName();
    return new RouteKey(route.httpMethod(), route.template().toString(), service + "/" + route.method().getName(),
        service);
  }

  @Override
  public String toString() {
    return httpMethod + " " + template;
  }
}
