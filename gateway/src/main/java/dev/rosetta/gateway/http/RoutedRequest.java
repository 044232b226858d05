package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.Decision;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import io.grpc.Metadata;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request head that found its route, as the {@link Dispatcher} hands it on: what every
 * exchange starts from, whatever the front end. Made once per request, on the event loop.
 *
 * @param engine the engine current when the request began (a reload does not change it)
 * @param rawQuery the text after {@code ?}, still percent-encoded; null when there is none
 * @param requestHeaders the metadata for the backend: mapped headers and {@code x-request-id}
 * @param timeoutNanos the backend call's deadline in ns; 0 for none
 * @param rpc how an RPC protocol (gRPC-Web, Connect) frames the request and its answer; null for
 *     REST. An RPC request's route is its method's RPC path ({@code RouteTable#procedure}).
 * @param admitted what the edge policies let the request through with: the metadata {@link
 *     CallStart} adds to and removes from {@code requestHeaders} ({@link PolicyHeaders});
 *     {@link Decision.Allow#NOTHING} on a route without policies
 */
record RoutedRequest(
    Engine engine,
    RouteMatch match,
    String rawQuery,
    HttpRequest request,
    Metadata requestHeaders,
    long timeoutNanos,
    RpcFraming rpc,
    Decision.Allow admitted) {

  /** A REST request, not (or not yet) through admission. */
  RoutedRequest(Engine engine, RouteMatch match, String rawQuery, HttpRequest request, Metadata requestHeaders,
      long timeoutNanos) {
    this(engine, match, rawQuery, request, requestHeaders, timeoutNanos, null, Decision.Allow.NOTHING);
  }

  /** A request of {@code rpc}'s protocol (null: REST), not (or not yet) through admission. */
  RoutedRequest(Engine engine, RouteMatch match, String rawQuery, HttpRequest request, Metadata requestHeaders,
      long timeoutNanos, RpcFraming rpc) {
    this(engine, match, rawQuery, request, requestHeaders, timeoutNanos, rpc, Decision.Allow.NOTHING);
  }

  /**
   * This request as {@code allow} lets it through: the query parameters that carried a token are
   * no longer in the query the message is bound from.
   */
  RoutedRequest admitted(Decision.Allow allow) {
    if (allow == Decision.Allow.NOTHING) {
      return this;
    }
    return new RoutedRequest(engine, match, QueryParameters.without(rawQuery, allow.dropQueryParameters()), request,
        requestHeaders, timeoutNanos, rpc, allow);
  }

  Route route() {
    return match.route();
  }

  String contentType() {
    return request.headers().get(HttpHeaderNames.CONTENT_TYPE);
  }
}
