package dev.rosetta.gateway.policy;

import java.util.List;

/**
 * One entry of {@code policies.routes}: which routes it selects and the settings it gives them.
 * Every selector given must match (a rule with {@code service} and {@code http-methods} selects
 * that service's routes of those methods); a rule with no selector selects every route. A
 * setting left null is not set by this rule. Immutable.
 *
 * <p>Precedence: for each setting separately, the most specific rule that sets it wins. From
 * least to most specific: no selector, {@code service}, {@code method}, {@code template}; at
 * each level a rule that also names {@code http-methods} beats one that does not. Two rules of
 * the same precedence that set one route's setting to different values stop start-up.
 *
 * @param where {@code file:line} of the rule, for errors
 * @param services full service names or {@code pkg.*} patterns
 * @param methods full method names, {@code pkg.Service/Method}
 * @param templates path templates as the routes print them, e.g. {@code /v1/{name=shelves/*}/books}
 * @param httpMethods upper-case HTTP methods
 * @param jwt the JWT requirement
 * @param jwtProviders which providers' tokens are accepted (null: every provider)
 * @param rateLimits names of local limits ({@code []}: none)
 * @param globalRateLimit call the rate-limit service
 * @param authz call the authorization service
 */
public record RouteRule(String where, List<String> services, List<String> methods, List<String> templates,
    List<String> httpMethods, JwtRequirement jwt, List<String> jwtProviders, List<String> rateLimits,
    Boolean globalRateLimit, Boolean authz) {

  public RouteRule {
    services = List.copyOf(services);
    methods = List.copyOf(methods);
    templates = List.copyOf(templates);
    httpMethods = List.copyOf(httpMethods);
    jwtProviders = jwtProviders == null ? null : List.copyOf(jwtProviders);
    rateLimits = rateLimits == null ? null : List.copyOf(rateLimits);
  }

  /** 0 (every route) to 7 (a template and HTTP methods): higher wins, per setting. */
  int precedence() {
    int level = !templates.isEmpty() ? 3 : !methods.isEmpty() ? 2 : !services.isEmpty() ? 1 : 0;
    return level * 2 + (httpMethods.isEmpty() ? 0 : 1);
  }

  boolean matches(RouteKey route) {
    return (services.isEmpty() || services.stream().anyMatch(s -> serviceMatches(s, route.service())))
        && (methods.isEmpty() || methods.contains(route.fullMethod()))
        && (templates.isEmpty() || templates.contains(route.template()))
        && (httpMethods.isEmpty() || httpMethods.contains(route.httpMethod()));
  }

  private static boolean serviceMatches(String pattern, String service) {
    return pattern.endsWith(".*") ? service.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(service);
  }
}
