package dev.rosetta.gateway.http;

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
 * @param trace the exchange's trace; null when tracing is off
 */
record RoutedRequest(
    Engine engine,
    RouteMatch match,
    String rawQuery,
    HttpRequest request,
    Metadata requestHeaders,
    long timeoutNanos,
    ExchangeTrace trace) {

  /** A request that is not traced. */
  RoutedRequest(Engine engine, RouteMatch match, String rawQuery, HttpRequest request, Metadata requestHeaders,
      long timeoutNanos) {
    this(engine, match, rawQuery, request, requestHeaders, timeoutNanos, null);
  }

  Route route() {
    return match.route();
  }

  String contentType() {
    return request.headers().get(HttpHeaderNames.CONTENT_TYPE);
  }
}
