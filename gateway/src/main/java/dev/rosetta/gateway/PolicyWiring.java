package dev.rosetta.gateway;

import dev.rosetta.gateway.policy.Policies;
import dev.rosetta.gateway.policy.PolicyException;
import dev.rosetta.gateway.policy.PolicyRuntime;
import dev.rosetta.gateway.route.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the edge {@link Policies} of a configuration over the gateway's event loops. */
final class PolicyWiring {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyWiring.class);

  private PolicyWiring() {}

  static Policies start(GatewayConfig config, RouteTable routes, EventLoops loops) throws StartupException {
    try {
      Policies policies = Policies.start(config.policies(),
          routes, new PolicyRuntime(loops.group(), loops.clientChannel(), config.backendOptions(), System::nanoTime));
      if (!config.policies().isEmpty()) {
        LOG.warn("policies: {} route rules validated; they are not enforced on requests yet (the front end "
            + "wires them in a follow-up of issue 17)", config.policies().rules().size());
      }
      return policies;
    } catch (PolicyException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** A descriptor reload: the same policies over the new routes, or the reload is refused. */
  static void routesChanged(Policies policies, RouteTable routes) throws StartupException {
    try {
      policies.routesChanged(routes);
    } catch (PolicyException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }
}
