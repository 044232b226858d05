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

  /** The providers whose tokens the route accepts, in configuration order. */
  List<JwtProviderSpec> providers(PolicyConfig config) {
    List<JwtProviderSpec> out = new ArrayList<>();
    for (JwtProviderSpec spec : config.jwtProviders()) {
      if (jwtProviders == null || jwtProviders.contains(spec.name())) {
        out.add(spec);
      }
    }
    return out;
  }

  /**
   * The query parameters that may carry this route's token: never bound into the request
   * message, and never written to the access log with their value.
   */
  List<String> tokenQueryParameters(PolicyConfig config) {
    if (jwt == JwtRequirement.NONE) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (JwtProviderSpec spec : providers(config)) {
      for (TokenSource source : spec.from()) {
        if (source.kind() == TokenSource.Kind.QUERY && !names.contains(source.name())) {
          names.add(source.name());
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * What is in force, in the order it runs, e.g. {@code rate-limits [per-client], jwt required
   * [idp], authz}; {@code none} for a route without policies.
   */
  String describe(PolicyConfig config) {
    if (isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (!rateLimits.isEmpty()) {
      parts.add("rate-limits " + rateLimits);
    }
    if (globalRateLimit) {
      parts.add("global-rate-limit");
    }
    if (jwt != JwtRequirement.NONE) {
      parts.add("jwt " + jwt + " " + providers(config).stream().map(JwtProviderSpec::name).toList());
    }
    if (authz) {
      parts.add("authz");
    }
    return String.join(", ", parts);
  }
}
