package dev.rosetta.gateway;

import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.policy.Policies;
import dev.rosetta.gateway.policy.PolicyConfig;
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
        LOG.info("policies: {} route rules, {} of {} routes guarded", config.policies().rules().size(),
            policies.engine().describe().values().stream().filter(d -> !d.equals("none")).count(),
            routes.routes().size());
      }
      return policies;
    } catch (PolicyException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /**
   * A reload: the configuration file's {@code policies:} read again (when the gateway was started
   * from one; else the policies in force) over the new routes, swapped in together, or the reload
   * is refused and both stay as they were.
   *
   * @return the policies now in force
   */
  static PolicyConfig reload(GatewayConfig config, Policies policies, RouteTable routes) throws StartupException {
    try {
      PolicyConfig next = config.configFile() == null ? policies.engine().config()
          : ConfigFile.load(config.configFile()).policies();
      policies.update(next, routes);
      return next;
    } catch (PolicyException | ConfigException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }
}
