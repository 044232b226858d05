package dev.rosetta.gateway.openapi;

import dev.rosetta.gateway.route.Route;
import java.util.List;

/**
 * The security requirement of each route's operation where the gateway itself decides it (its JWT
 * policies), rather than {@link OpenApiOptions#operationSecurity()}: a route is described as it is
 * enforced, an additional binding of a method included. Immutable.
 */
@FunctionalInterface
public interface RouteSecurity {
  /** Nothing decided here: the options alone describe security. */
  RouteSecurity NONE = route -> null;

  /**
   * What the operation of {@code route} accepts; null to leave it to the options.
   */
  Requirement of(Route route);

  /**
   * Any one of {@code schemes} (names of security schemes of the document); with {@code
   * optional} also none at all (OpenAPI's empty requirement {@code {}}). No schemes and not
   * optional: the operation takes no authentication.
   */
  record Requirement(List<String> schemes, boolean optional) {
    public Requirement {
      schemes = List.copyOf(schemes);
    }
  }
}
