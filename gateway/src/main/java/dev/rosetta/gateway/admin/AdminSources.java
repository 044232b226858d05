package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.metrics.GatewayMetrics;
import dev.rosetta.gateway.route.RouteTable;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the admin endpoints read, handed over by the composition root. Suppliers, because a
 * reload replaces the route table and the backends' states change on their own.
 *
 * @param routes the route table being served now
 * @param backends each backend target and its connectivity state ({@code READY}, {@code CONNECTING},
 *     {@code TRANSIENT_FAILURE}, {@code IDLE}, {@code SHUTDOWN}); asking may start connecting
 * @param metrics the gateway's metrics
 * @param reloader what {@code POST /reload} runs; null when reloading is not possible
 * @param draining true once graceful shutdown has begun
 */
public record AdminSources(
    Supplier<RouteTable> routes,
    Supplier<Map<String, String>> backends,
    GatewayMetrics metrics,
    Reloader reloader,
    BooleanSupplier draining) {

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
