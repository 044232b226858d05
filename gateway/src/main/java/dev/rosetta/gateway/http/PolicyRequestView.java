package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.PolicyRequest;
import dev.rosetta.gateway.policy.RouteKey;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A request as the edge policies see it, over the front end's own {@link HttpRequest} (Netty's
 * headers are read in place, never copied): made by {@link Admission} for a route that has
 * policies, never for one without. The body prefix is set before the chain runs when the
 * authorization call asked for it. Confined to the request's event loop, and unchanged while a
 * decision is pending.
 */
final class PolicyRequestView implements PolicyRequest {
  private final HttpRequest request;
  private final String path;
  private final String query;
  private final RouteKey route;
  private final InetSocketAddress peer;
  private byte[] body;
  private boolean bodyTruncated;

  /**
   * @param path the request path as sent, without the query
   * @param rawQuery the text after {@code ?}; null when there is none
   */
  PolicyRequestView(HttpRequest request, String path, String rawQuery, RouteKey route, SocketAddress peer) {
    this.request = request;
    this.path = path;
    this.query = rawQuery == null ? "" : rawQuery;
    this.route = route;
    this.peer = peer instanceof InetSocketAddress inet ? inet : null;
  }

  /** The first bytes of the body (a copy), and whether the body went on beyond them. */
  void body(byte[] prefix, boolean truncated) {
    this.body = prefix;
    this.bodyTruncated = truncated;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public RouteKey route() {
    return route;
  }

  @Override
  public String header(String name) {
    return request.headers().get(name);
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    for (Map.Entry<String, String> header : request.headers()) {
      action.accept(header.getKey(), header.getValue());
    }
  }

  @Override
  public InetSocketAddress peer() {
    return peer;
  }

  @Override
  public byte[] body() {
    return body;
  }

  @Override
  public boolean bodyTruncated() {
    return bodyTruncated;
  }
}
