package dev.rosetta.gateway.policy;

import java.util.concurrent.CompletableFuture;

/**
 * One policy of a route's chain (a rate limit, the JWT check, the authorization call), bound to
 * the route's settings when the chain is built. Stateless per request; thread safe.
 */
interface Stage {
  /** The answer of a stage that lets the request through at once: shared, allocation-free. */
  CompletableFuture<Decision.Deny> PASS = CompletableFuture.completedFuture(null);

  /**
   * Checks one request: {@link #PASS} (or any future completed with null) to go on, a future
   * completed with a {@link Decision.Deny} to stop. A stage that calls out returns a future
   * completed later, on any thread; the chain moves back to the request's event loop. What a
   * stage lets through with (metadata, response headers, claims) goes into {@code context}, on
   * the event loop only.
   */
  CompletableFuture<Decision.Deny> check(PolicyContext context);
}
