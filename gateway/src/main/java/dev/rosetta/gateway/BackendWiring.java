package dev.rosetta.gateway;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the {@link BackendRouter} of a configuration: its backend specs, the default, retry-safe methods. */
final class BackendWiring {
  private BackendWiring() {}

  static BackendRouter create(GatewayConfig config, RouteTable routes, EventLoopGroup group,
      Class<? extends Channel> channelType) throws StartupException {
    List<BackendSpec> specs = specs(config);
    Set<String> idempotent = idempotentMethods(routes);
    List<Backend> backends = new ArrayList<>();
    try {
      for (BackendSpec spec : specs) {
        backends.add(new Backend(spec, idempotent, group, channelType, config.backendOptions()));
      }
      return BackendRouter.of(backends);
    } catch (IllegalArgumentException e) {
      backends.forEach(b -> b.close(0));
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** The configured backends, with {@code --backend} as (or replacing the target of) the default. */
  static List<BackendSpec> specs(GatewayConfig config) throws StartupException {
    List<BackendSpec> specs = new ArrayList<>();
    boolean hasDefault = false;
    for (BackendSpec spec : config.backends()) {
      if (spec.isDefault() && config.backend() != null) {
        spec = spec.withTarget(config.backend());
      }
      hasDefault |= spec.isDefault();
      specs.add(spec);
    }
    if (!hasDefault && config.backend() != null) {
      specs.add(BackendSpec.of("default", config.backend(), List.of()));
    }
    if (specs.isEmpty()) {
      throw new StartupException("no backend given: pass --backend host:port or list backends in the configuration file", null);
    }
    return specs;
  }

  /**
   * Methods every HTTP binding of which is a GET: those a client may expect to be safe to repeat,
   * so only they get a retry policy (when a backend asks for one).
   */
  static Set<String> idempotentMethods(RouteTable routes) {
    Map<String, Boolean> allGet = new HashMap<>();
    for (Route route : routes.routes()) {
      String name = route.method().getService().getFullName() + "/" + route.method().getName();
      allGet.merge(name, "GET".equals(route.httpMethod()), Boolean::logicalAnd);
    }
    Set<String> methods = new TreeSet<>();
    allGet.forEach((name, get) -> {
      if (get) {
        methods.add(name);
      }
    });
    return methods;
  }
}
