package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.Decision;
import dev.rosetta.gateway.policy.PolicyChain;
import dev.rosetta.gateway.policy.PolicyReasons;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The edge-policy step of the {@link Dispatcher}, between {@code route} and {@code start}, for
 * every front end and protocol that dispatches (docs/architecture.md): the route's {@link
 * PolicyChain} (local rate limits, the global limit, the JWT check, the authorization call)
 * decides, then the request either starts its exchange with what the policies added, or is
 * answered with the refusal. A route without policies never gets here.
 *
 * <p><b>Later decisions.</b> A chain that calls out (an authorization or rate-limit service, a
 * key fetch) answers later, on the connection's event loop. Meanwhile no exchange is started, so
 * the connection holds what it reads ({@link Http1ConnectionHandler}'s {@code holdsReads}); the
 * decision is applied only while the request is still unanswered ({@link
 * ExchangeRecord#serving}), so a client that went away meanwhile gets nothing written and
 * leaves nothing behind.
 *
 * <p><b>The body.</b> When the authorization call wants the first bytes of the body ({@link
 * PolicyChain#bodyBytesWanted}), the decision waits for them: an {@link AdmissionExchange} takes
 * the body, up to {@code --max-body-size}, and hands the same chunks to the real exchange once
 * the request is let through. Refusals never see the backend, and take the connection's ordinary
 * answer path (the reason tag reaches the metrics and the access log), in the form the exchange's
 * protocol answers errors ({@link ExchangeRecord#errorResponse}).
 *
 * <p>Immutable and shared by the connections of a listener; called on their event loops.
 */
final class Admission {
  /** Starts the exchange (or session) of a request let through: the dispatcher's last step. */
  @FunctionalInterface
  interface Start {
    void start(RoutedRequest routed, ExchangeConnection conn, boolean upgrade);
  }

  private final Function<Route, PolicyChain> policies;
  private final ServerOptions options;

  /** @param policies the chain guarding a route now (a reload swaps them); null for none */
  Admission(Function<Route, PolicyChain> policies, ServerOptions options) {
    this.policies = policies;
    this.options = options;
  }

  /** The chain guarding {@code route}; null when the route has no policies, so the request pays for nothing. */
  PolicyChain chainFor(Route route) {
    PolicyChain chain = policies.apply(route);
    return chain == null || chain.isEmpty() ? null : chain;
  }

  /**
   * Decides on {@code routed} under {@code chain}, then starts it through {@code start} or
   * answers it through {@code conn}.
   *
   * @param path the request path as sent (percent-encoded), without the query
   */
  void admit(PolicyChain chain, RoutedRequest routed, String path, ExchangeConnection conn, ExchangeRecord record,
      boolean upgrade, Start start) {
    record.secretParameters(chain.tokenQueryParameters());
    PolicyRequestView view = new PolicyRequestView(routed.request(), path, routed.rawQuery(), chain.route(),
        conn.remoteAddress());
    if (chain.bodyBytesWanted() > 0 && !upgrade) {
      // The connection feeds the body to this exchange, which decides once it has the bytes wanted.
      conn.started(new AdmissionExchange(this, chain, view, routed, conn, record, options.maxBodyBytes()));
      return;
    }
    decide(chain, view, routed, conn, record, admitted -> start.start(admitted, conn, upgrade), () -> { });
  }

  /** The exchange for a request let through, by its RPC shape. */
  Exchange exchangeFor(RoutedRequest admitted, ExchangeConnection conn) {
    return Exchanges.create(admitted, conn, options);
  }

  /**
   * Runs {@code chain} on {@code view}, then on the event loop: {@code onAllow} with the request
   * as the policies let it through, or the refusal written through {@code conn}. {@code release}
   * runs instead when the request no longer waits for an answer (refused, or its client gone).
   */
  void decide(PolicyChain chain, PolicyRequestView view, RoutedRequest routed, ExchangeConnection conn,
      ExchangeRecord record, Consumer<RoutedRequest> onAllow, Runnable release) {
    CompletableFuture<Decision> decision = chain.admit(view, conn.executor()).toCompletableFuture();
    if (decision.isDone()) {
      apply(now(decision, routed), routed, conn, record, onAllow, release);
      return;
    }
    HttpRequest head = routed.request();
    decision.whenComplete((decided, error) -> onLoop(conn.executor(), () -> {
      if (!record.serving(head)) {
        release.run(); // the client went away meanwhile: nothing to write, nothing to start
        return;
      }
      apply(decided != null ? decided : failed(routed, error), routed, conn, record, onAllow, release);
    }));
  }

  private static void apply(Decision decision, RoutedRequest routed, ExchangeConnection conn, ExchangeRecord record,
      Consumer<RoutedRequest> onAllow, Runnable release) {
    if (decision instanceof Decision.Allow allow) {
      record.policyHeaders(allow.responseHeaders());
      onAllow.accept(routed.admitted(allow));
      return;
    }
    release.run();
    refuse((Decision.Deny) decision, routed, conn, record);
  }

  /**
   * The refusal: the JSON {@code google.rpc.Status} of every gateway error, or the authorization
   * service's own body with its content type; the policy's headers ({@code WWW-Authenticate},
   * {@code Retry-After}, {@code RateLimit}, the service's) on it.
   */
  private static void refuse(Decision.Deny deny, RoutedRequest routed, ExchangeConnection conn,
      ExchangeRecord record) {
    GatewayError error = deny.error();
    FullHttpResponse response;
    if (deny.body() != null) {
      response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.httpStatus()),
          Unpooled.wrappedBuffer(deny.body()));
      String type = deny.contentType() != null && PolicyHeaders.isFieldValue(deny.contentType())
          ? deny.contentType() : "text/plain; charset=utf-8";
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH,
          deny.body().length);
    } else {
      response = record.errorResponse(conn.alloc(), routed.engine().errors(), error);
    }
    PolicyHeaders.addTo(response.headers(), deny.responseHeaders());
    ExchangeLog.outcome(routed.request(), error.httpStatus(), error.code(), error.reason(), error.message());
    conn.respond(response, error.code(), error.reason());
  }

  /** The decision of a chain that answered at once. */
  private static Decision now(CompletableFuture<Decision> decision, RoutedRequest routed) {
    try {
      return decision.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return failed(routed, e);
    }
  }

  /** A chain never fails (its stages' faults are refusals already); if it did, it is a bug: 500, never let through. */
  private static Decision failed(RoutedRequest routed, Throwable error) {
    ExchangeLog.fault(routed.request(), "the policy check of " + routed.route() + " failed", error);
    return Decision.Deny.of("policy", new GatewayError(500, Status.Code.INTERNAL,
        "the gateway could not check this request", PolicyReasons.POLICY_FAILED), List.of());
  }

  private static void onLoop(EventExecutor loop, Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The loop is shutting down and closes its connections: there is nobody left to answer.
    }
  }
}
