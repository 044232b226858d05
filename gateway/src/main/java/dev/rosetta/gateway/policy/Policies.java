package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;

/**
 * The edge policies of a running gateway (issue 17: rate limits, JWT, external authorization),
 * and the one place a front end asks which chain guards a route. The composition root makes it
 * at start-up with the first route table, tells it about a new table at each descriptor reload
 * ({@link #routesChanged}) and new settings at a configuration reload ({@link #update}). Each
 * builds a new {@link PolicyEngine} first and swaps it in whole: a bad configuration leaves the
 * previous one in force, and requests that began on the previous engine finish on it.
 *
 * <p>Thread safe: {@link #engine()} is a volatile read; changes are serialized.
 */
public final class Policies implements AutoCloseable {
  private final PolicyResources resources;
  private volatile PolicyEngine engine;
  private RouteTable routes;
  private boolean closed;

  private Policies(PolicyResources resources, PolicyEngine engine, RouteTable routes) {
    this.resources = resources;
    this.engine = engine;
    this.routes = routes;
  }

  /**
   * Builds the policies of {@code config} for {@code routes} and starts what they need (key
   * fetches, channels to the policy services).
   *
   * @throws PolicyException naming the file and line of a setting that cannot be used
   */
  public static Policies start(PolicyConfig config, RouteTable routes, PolicyRuntime runtime) throws PolicyException {
    PolicyEngine.verify(config, routes);
    PolicyResources resources = new PolicyResources(runtime);
    try {
      return new Policies(resources, PolicyEngine.build(config, routes, resources.retain(config)), routes);
    } catch (PolicyException | RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  /** The engine in force now: a request reads it once and keeps it to the end. */
  public PolicyEngine engine() {
    return engine;
  }

  /** Shorthand for {@code engine().chainFor(route)}. */
  public PolicyChain chainFor(Route route) {
    return engine.chainFor(route);
  }

  /** A descriptor reload: the same settings over the new routes. */
  public synchronized void routesChanged(RouteTable next) throws PolicyException {
    update(engine.config(), next);
  }

  /** A configuration reload: new settings over the routes being served. */
  public synchronized void update(PolicyConfig config) throws PolicyException {
    update(config, routes);
  }

  /**
   * A reload of both: new settings over a new route table, checked together and swapped in at
   * once (a refusal changes neither).
   */
  public synchronized void update(PolicyConfig config, RouteTable next) throws PolicyException {
    // Checked before any part is made or retired: a refused configuration changes nothing.
    PolicyEngine.verify(config, next);
    engine = PolicyEngine.build(config, next, resources.retain(config));
    routes = next;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    resources.close();
  }
}
