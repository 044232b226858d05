package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.metrics.GatewayMetrics;
import dev.rosetta.gateway.policy.PolicyEngine;
import dev.rosetta.gateway.route.RouteTable;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the admin endpoints read, handed over by the composition root. Suppliers, because a
 * reload replaces the route table and the backends' states change on their own.
 *
 * @param routes the route table being served now
 * @param backends the backends: their connectivity states (asking may start connecting), the
 *     calls per endpoint, and for {@code xds:///} targets what the control plane sent
 * @param metrics the gateway's metrics
 * @param reloader what {@code POST /reload} runs; null when reloading is not possible
 * @param draining true once graceful shutdown has begun
 * @param warmingUp true while the start's warm-up runs ({@code --warm-up-connections})
 * @param policies the edge policies in force now (a reload swaps them)
 */
public record AdminSources(
    Supplier<RouteTable> routes,
    Supplier<List<Backend>> backends,
    GatewayMetrics metrics,
    Reloader reloader,
    BooleanSupplier draining,
    BooleanSupplier warmingUp,
    Supplier<PolicyEngine> policies) {

  /** Rebuilds the descriptors, routes and codec and swaps them in; blocking, called off the event loop. */
  @FunctionalInterface
  public interface Reloader {
    /**
     * @return the number of routes now served
     * @throws Exception naming why the new descriptors were refused (the old table stays)
     */
    int reload() throws Exception;
  }
}
