package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of one route, in the order they run: local rate limits, the global rate limit,
 * the JWT check, the limits keyed by a claim, the authorization call (docs/security.md says why
 * in this order). Built once per route with the {@link PolicyEngine}; immutable, thread safe.
 *
 * <p>{@link #admit} runs the stages one after the other and stops at the first refusal. Stages
 * that answer at once (a cached JWKS, a local bucket) run straight through on the caller's
 * thread; a stage that calls out (a JWKS fetch, ext_authz, the rate-limit service) suspends the
 * chain, which resumes on the request's event loop when the answer comes.
 */
public final class PolicyChain {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyChain.class);
  /** What routes without policies get: one completed answer shared by all, no allocation. */
  private static final CompletableFuture<Decision> ALLOWED = CompletableFuture.completedFuture(Decision.Allow.NOTHING);

  private final RouteKey route;
  private final List<Stage> stages;
  private final int bodyBytesWanted;
  private final String description;
  private final List<String> tokenQueryParameters;

  PolicyChain(RouteKey route, List<Stage> stages, int bodyBytesWanted, String description,
      List<String> tokenQueryParameters) {
    this.route = route;
    this.stages = List.copyOf(stages);
    this.bodyBytesWanted = bodyBytesWanted;
    this.description = description;
    this.tokenQueryParameters = List.copyOf(tokenQueryParameters);
  }

  /** The route this chain guards, as the request view carries it. */
  public RouteKey route() {
    return route;
  }

  /** True when the route has no policy: the front end may skip building a request view. */
  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /**
   * How many body bytes the authorization call wants to see (0: none): the front end collects
   * up to this many before calling {@link #admit}, and marks the view truncated beyond.
   */
  public int bodyBytesWanted() {
    return bodyBytesWanted;
  }

  /**
   * The query parameters that may carry a token on this route (a provider's {@code from: query}):
   * their values are secrets, so the front end keeps them out of the access log whatever the
   * decision. A decision to let the request through lists those it found in {@link
   * Decision.Allow#dropQueryParameters}.
   */
  public List<String> tokenQueryParameters() {
    return tokenQueryParameters;
  }

  /** What is in force on this route, e.g. {@code rate-limit per-client, jwt required (auth0), authz}. */
  public String description() {
    return description;
  }

  /**
   * Decides on one request. Call on the request's event loop ({@code loop}); the answer
   * completes on that loop, at once when no stage had to call out. Never completes
   * exceptionally: a stage that throws (a bug) becomes a 500 refusal, {@code policy_failed}.
   */
  public CompletionStage<Decision> admit(PolicyRequest request, EventExecutor loop) {
    if (stages.isEmpty()) {
      return ALLOWED;
    }
    PolicyContext context = new PolicyContext(request, loop);
    return run(context, 0, null);
  }

  /** Runs stages from {@code index}; {@code result} is null until a stage suspends the chain. */
  private CompletableFuture<Decision> run(PolicyContext context, int index, CompletableFuture<Decision> result) {
    for (int i = index; i < stages.size(); i++) {
      CompletableFuture<Decision.Deny> check;
      try {
        check = stages.get(i).check(context);
      } catch (RuntimeException e) {
        return finish(result, failed(context, e));
      }
      if (!check.isDone()) {
        CompletableFuture<Decision> pending = result == null ? new CompletableFuture<>() : result;
        int next = i + 1;
        check.whenComplete((deny, error) -> PolicyCalls.execute(context.loop, () -> resume(context, next, pending, deny, error)));
        return pending;
      }
      Decision.Deny deny;
      try {
        deny = check.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        return finish(result, failed(context, e));
      }
      if (deny != null) {
        return finish(result, deny);
      }
    }
    return finish(result, context.allow());
  }

  private void resume(PolicyContext context, int next, CompletableFuture<Decision> pending, Decision.Deny deny,
      Throwable error) {
    if (error != null) {
      pending.complete(failed(context, error));
    } else if (deny != null) {
      pending.complete(deny);
    } else {
      run(context, next, pending);
    }
  }

  private static CompletableFuture<Decision> finish(CompletableFuture<Decision> pending, Decision decision) {
    if (pending == null) {
      return CompletableFuture.completedFuture(decision);
    }
    pending.complete(decision);
    return pending;
  }

  private Decision.Deny failed(PolicyContext context, Throwable error) {
    // A stage bug, not a client's doing: log it (once per failure, at WARN) and refuse, never
    // let the request through unchecked.
    LOG.warn("policy check failed on {}: {}", route, error.toString());
    return context.deny("policy", new GatewayError(500, Status.Code.INTERNAL, "the gateway could not check this request",
        PolicyReasons.POLICY_FAILED), List.of());
  }

  @Override
  public String toString() {
    return route + ": " + description;
  }
}
