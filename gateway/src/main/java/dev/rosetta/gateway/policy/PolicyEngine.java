package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies in force for one configuration and one route table: a {@link PolicyChain} per
 * route, resolved once when the engine is built (never per request). Immutable once built,
 * thread safe; a reload builds a new engine and {@link Policies} swaps it in, while requests that
 * already hold this one finish on it.
 */
public final class PolicyEngine {
  private final PolicyConfig config;
  private final Map<Route, PolicyChain> chains;
  /** Chains of routes from another table (a request racing a reload): resolved on first use. */
  private final Map<Route, PolicyChain> late = new ConcurrentHashMap<>();
  private final PolicyResources.Parts parts;

  private PolicyEngine(PolicyConfig config, Map<Route, PolicyChain> chains, PolicyResources.Parts parts) {
    this.config = config;
    this.chains = chains;
    this.parts = parts;
  }

  /**
   * Checks that {@code config}'s rules resolve on {@code routes}: every rule selects a route (a
   * REST route or a method's RPC path), and no two rules of the same precedence disagree on a
   * REST route.
   *
   * @throws PolicyException naming the rule's file and line
   */
  static void verify(PolicyConfig config, RouteTable routes) throws PolicyException {
    config.validated();
    boolean[] used = new boolean[config.rules().size()];
    for (Route route : routes.routes()) {
      RouteKey key = RouteKey.of(route);
      for (int i = 0; i < used.length; i++) {
        used[i] |= config.rules().get(i).matches(key);
      }
      RoutePolicy.resolve(config.rules(), key);
    }
    // A rule may select methods served only on their RPC paths (native gRPC, gRPC-Web, Connect),
    // such as the gateway's own server reflection; their chains are resolved on first use.
    for (Route route : routes.procedures()) {
      RouteKey key = RouteKey.of(route);
      for (int i = 0; i < used.length; i++) {
        used[i] |= config.rules().get(i).matches(key);
      }
    }
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        throw new PolicyException(config.rules().get(i).where() + ": policies.routes: this rule selects no route "
            + "(`rosetta routes` lists them, with their methods and templates)");
      }
    }
  }

  /** Resolves every route's chain over live {@code parts}; call {@link #verify} first. */
  static PolicyEngine build(PolicyConfig config, RouteTable routes, PolicyResources.Parts parts) throws PolicyException {
    Map<Route, PolicyChain> chains = new IdentityHashMap<>();
    for (Route route : routes.routes()) {
      RouteKey key = RouteKey.of(route);
      chains.put(route, chain(config, RoutePolicy.resolve(config.rules(), key), key, parts));
    }
    return new PolicyEngine(config, chains, parts);
  }

  /** The chain of {@code route}; an empty chain for routes without policies. */
  public PolicyChain chainFor(Route route) {
    PolicyChain chain = chains.get(route);
    return chain != null ? chain : late.computeIfAbsent(route, this::resolveLate);
  }

  /** What is in force, route by route, for {@code rosetta routes} and the admin listing. */
  public Map<String, String> describe() {
    Map<String, String> out = new java.util.TreeMap<>();
    chains.forEach((route, chain) -> out.put(chain.route().toString(), chain.description()));
    return out;
  }

  public PolicyConfig config() {
    return config;
  }

  private PolicyChain resolveLate(Route route) {
    RouteKey key = RouteKey.of(route);
    try {
      return chain(config, RoutePolicy.resolve(config.rules(), key), key, parts);
    } catch (PolicyException e) {
      // Rules that conflict on a route the engine was not built for: refuse its requests rather
      // than guess which rule wins.
      return new PolicyChain(key, List.of(context -> Stage.PASS.thenApply(ignored -> context.deny("policy",
          new dev.rosetta.gateway.status.GatewayError(500, io.grpc.Status.Code.INTERNAL,
              "the gateway could not check this request", PolicyReasons.POLICY_FAILED), List.of()))), 0, "conflicting rules",
          List.of());
    }
  }

  /**
   * The stages of one route in their order: local limits and the global limit first (the
   * cheapest refusal, and what protects the rest), the JWT check, the limits keyed by a claim
   * (they need the verified claim), then the authorization call (the most expensive, and it may
   * want the claims).
   */
  private static PolicyChain chain(PolicyConfig config, RoutePolicy policy, RouteKey key, PolicyResources.Parts parts) {
    if (policy.isEmpty()) {
      return new PolicyChain(key, List.of(), 0, "none", List.of());
    }
    List<Stage> stages = new ArrayList<>();
    List<LocalLimitStage.Limit> early = new ArrayList<>();
    List<LocalLimitStage.Limit> afterJwt = new ArrayList<>();
    for (String name : policy.rateLimits()) {
      LocalLimitSpec spec = config.rateLimits().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
      (spec.key().needsClaims() ? afterJwt : early).add(new LocalLimitStage.Limit(spec, parts.buckets().get(name)));
    }
    GlobalLimitStage global = policy.globalRateLimit()
        ? new GlobalLimitStage(config.globalRateLimit(), parts.rateLimitService()) : null;
    boolean globalAfterJwt = global != null && config.globalRateLimit().needsClaims();
    if (!early.isEmpty()) {
      stages.add(new LocalLimitStage(early));
    }
    if (global != null && !globalAfterJwt) {
      stages.add(global);
    }
    if (policy.jwt() != JwtRequirement.NONE) {
      List<JwtStage.Provider> providers = new ArrayList<>();
      for (JwtProviderSpec spec : policy.providers(config)) {
        providers.add(new JwtStage.Provider(spec, parts.keys().get(spec.name())));
      }
      stages.add(new JwtStage(policy.jwt(), providers));
    }
    if (!afterJwt.isEmpty()) {
      stages.add(new LocalLimitStage(afterJwt));
    }
    if (globalAfterJwt) {
      stages.add(global);
    }
    int body = 0;
    if (policy.authz()) {
      stages.add(new AuthzStage(config.authz(), parts.authz()));
      body = config.authz().maxBodyBytes();
    }
    return new PolicyChain(key, stages, body, policy.describe(config), policy.tokenQueryParameters(config));
  }
}
