package dev.rosetta.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings in force on one route, after the precedence of {@link RouteRule}s. Immutable.
 *
 * @param jwtProviders provider names; null for every configured provider
 */
record RoutePolicy(JwtRequirement jwt, List<String> jwtProviders, List<String> rateLimits, boolean globalRateLimit,
    boolean authz) {

  static final RoutePolicy NONE = new RoutePolicy(JwtRequirement.NONE, null, List.of(), false, false);

  /**
   * The settings {@code rules} give {@code route}.
   *
   * @throws PolicyException when two rules of the same precedence set a setting differently
   */
  static RoutePolicy resolve(List<RouteRule> rules, RouteKey route) throws PolicyException {
    List<RouteRule> matching = new ArrayList<>();
    for (RouteRule rule : rules) {
      if (rule.matches(route)) {
        matching.add(rule);
      }
    }
    if (matching.isEmpty()) {
      return NONE;
    }
    JwtRequirement jwt = pick(matching, route, "jwt", RouteRule::jwt);
    List<String> providers = pick(matching, route, "jwt-providers", RouteRule::jwtProviders);
    List<String> limits = pick(matching, route, "rate-limits", RouteRule::rateLimits);
    Boolean global = pick(matching, route, "global-rate-limit", RouteRule::globalRateLimit);
    Boolean authz = pick(matching, route, "authz", RouteRule::authz);
    return new RoutePolicy(jwt == null ? JwtRequirement.NONE : jwt, providers, limits == null ? List.of() : limits,
        Boolean.TRUE.equals(global), Boolean.TRUE.equals(authz));
  }

  /** The value of the most specific rule that sets {@code setting}. */
  private static <T> T pick(List<RouteRule> rules, RouteKey route, String setting, Function<RouteRule, T> get)
      throws PolicyException {
    RouteRule best = null;
    for (RouteRule rule : rules) {
      T value = get.apply(rule);
      if (value == null) {
        continue;
      }
      if (best == null || rule.precedence() > best.precedence()) {
        best = rule;
      } else if (rule.precedence() == best.precedence() && !Objects.equals(value, get.apply(best))) {
        throw new PolicyException(rule.where() + ": policies.routes: this rule and the one at " + best.where()
            + " both set " + setting + " for " + route + " with the same precedence, to different values; "
            + "make one more specific (add http-methods, or select by method or template)");
      }
    }
    return best == null ? null : get.apply(best);
  }

  boolean isEmpty() {
    return jwt == JwtRequirement.NONE && rateLimits.isEmpty() && !globalRateLimit && !authz;
  }
}
