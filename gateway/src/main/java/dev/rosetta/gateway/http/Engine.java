package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.logging.RateLimitedLog;
import dev.rosetta.gateway.reflectionservice.ServerReflection;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.ErrorBody;
import java.util.Map;

/**
 * Everything an exchange needs that follows from the loaded descriptors: routes, binding, the
 * codec, backends, the error writer, and the server reflection the gateway answers (null with
 * {@code --grpc-reflection=false}; otherwise its methods are on the route table's RPC paths).
 * Immutable; a reload builds a new one and swaps it in whole, so a request always sees one
 * consistent set. The backends, the body budget and the log
 * of the gateway's faults outlive reloads: every engine of a gateway gets the same ones.
 */
public record Engine(
    RouteTable routes,
    RequestBinder binder,
    JsonCodec codec,
    BackendRouter backends,
    GrpcMethods methods,
    ErrorBody errors,
    BodyBudget bodyBudget,
    RateLimitedLog faults,
    ServerReflection reflection) {

  /** An engine whose request bodies are bounded by {@code --max-body-size} alone, without server reflection. */
  public Engine(RouteTable routes, RequestBinder binder, JsonCodec codec, BackendRouter backends, GrpcMethods methods,
      ErrorBody errors) {
    this(routes, binder, codec, backends, methods, errors, BodyBudget.UNLIMITED, ExchangeLog.faults(), null);
  }

  /**
   * This engine without routes or server reflection: every request it serves is a 404 that never
   * reaches a backend (the {@link WarmUp}'s listener serves one).
   */
  Engine withoutRoutes() {
    return new Engine(RouteTable.empty(), binder, codec, backends, methods, errors, bodyBudget, faults, null);
  }

  /**
   * This engine with every service's calls sent to {@code backend}, without server reflection:
   * the {@link WarmUp}'s listener serves one, so that its requests reach none of the real backends.
   */
  Engine callingOnly(Backend backend) {
    return new Engine(routes, binder, codec, new BackendRouter(Map.of(), backend), methods, errors, bodyBudget,
        faults, null);
  }

  /** The rate-limited log of a gateway's faults, for a new gateway's first engine. */
  public static RateLimitedLog newFaultLog() {
    return ExchangeLog.faults();
  }
}
