package dev.rosetta.gateway.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything {@code policies:} of the configuration file says: JWT providers, local limits, the
 * authorization and rate-limit services, and the route rules that apply them. Immutable; the
 * names rules use are checked when it is made.
 *
 * @param authz null when there is no authorization service
 * @param globalRateLimit null when there is no rate-limit service
 */
public record PolicyConfig(List<JwtProviderSpec> jwtProviders, List<LocalLimitSpec> rateLimits, AuthzSpec authz,
    GlobalLimitSpec globalRateLimit, List<RouteRule> rules) {

  /** No policies: every route goes straight to its backend, as before policies existed. */
  public static final PolicyConfig NONE = new PolicyConfig(List.of(), List.of(), null, null, List.of());

  public PolicyConfig {
    jwtProviders = List.copyOf(jwtProviders);
    rateLimits = List.copyOf(rateLimits);
    rules = List.copyOf(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Checks that names are unique and that rules name only what exists.
   *
   * @throws PolicyException naming the rule's file and line
   */
  public PolicyConfig validated() throws PolicyException {
    Set<String> providers = unique(jwtProviders.stream().map(JwtProviderSpec::name).toList(),
        jwtProviders.stream().map(JwtProviderSpec::where).toList(), "JWT provider");
    Set<String> limits = unique(rateLimits.stream().map(LocalLimitSpec::name).toList(),
        rateLimits.stream().map(LocalLimitSpec::where).toList(), "rate limit");
    Set<String> issuers = new HashSet<>();
    for (JwtProviderSpec provider : jwtProviders) {
      if (!issuers.add(provider.issuer())) {
        throw new PolicyException(provider.where() + ": two JWT providers have the issuer '" + provider.issuer()
            + "': a token's iss must name one provider");
      }
    }
    for (RouteRule rule : rules) {
      if (rule.jwt() != null && rule.jwt() != JwtRequirement.NONE && jwtProviders.isEmpty()) {
        throw new PolicyException(rule.where() + ": jwt: " + rule.jwt() + " needs a provider in policies.jwt.providers");
      }
      for (String name : rule.jwtProviders() == null ? List.<String>of() : rule.jwtProviders()) {
        if (!providers.contains(name)) {
          throw new PolicyException(rule.where() + ": jwt-providers: no provider is named '" + name + "'; known: "
              + new java.util.TreeSet<>(providers));
        }
      }
      for (String name : rule.rateLimits() == null ? List.<String>of() : rule.rateLimits()) {
        if (!limits.contains(name)) {
          throw new PolicyException(rule.where() + ": rate-limits: no rate limit is named '" + name + "'; known: "
              + new java.util.TreeSet<>(limits));
        }
      }
      if (Boolean.TRUE.equals(rule.authz()) && authz == null) {
        throw new PolicyException(rule.where() + ": authz: true needs the service in policies.authz");
      }
      if (Boolean.TRUE.equals(rule.globalRateLimit()) && globalRateLimit == null) {
        throw new PolicyException(rule.where() + ": global-rate-limit: true needs the service in policies.global-rate-limit");
      }
    }
    return this;
  }

  private static Set<String> unique(List<String> names, List<String> wheres, String what) throws PolicyException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        throw new PolicyException(wheres.get(i) + ": a second " + what + " is named '" + names.get(i) + "'");
      }
    }
    return seen;
  }
}
