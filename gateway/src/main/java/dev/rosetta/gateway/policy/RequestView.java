package dev.rosetta.gateway.policy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@link PolicyRequest} held as plain values: what tests build, and what a front end may hand
 * over when it has no header object of its own to wrap. Immutable.
 *
 * @param headers every field in order, as name/value pairs
 * @param body the collected body prefix, or null
 */
public record RequestView(String method, String path, String query, RouteKey route,
    List<Map.Entry<String, String>> headers, InetSocketAddress peer, byte[] body, boolean bodyTruncated)
    implements PolicyRequest {

  public RequestView {
    query = query == null ? "" : query;
    headers = List.copyOf(headers);
  }

  public static Builder builder(RouteKey route, InetSocketAddress peer) {
    return new Builder(route, peer);
  }

  @Override
  public String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    for (Map.Entry<String, String> header : headers) {
      action.accept(header.getKey(), header.getValue());
    }
  }

  /** Builds a {@link RequestView}; the method and path default to the route's. */
  public static final class Builder {
    private final RouteKey route;
    private final InetSocketAddress peer;
    private String method;
    private String path;
    private String query = "";
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body;
    private boolean truncated;

    private Builder(RouteKey route, InetSocketAddress peer) {
      this.route = route;
      this.peer = peer;
      this.method = route.httpMethod();
      this.path = route.template();
    }

    public Builder method(String method) {
      this.method = method;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder query(String query) {
      this.query = query;
      return this;
    }

    public Builder header(String name, String value) {
      headers.add(Map.entry(name, value));
      return this;
    }

    public Builder body(byte[] body, boolean truncated) {
      this.body = body;
      this.truncated = truncated;
      return this;
    }

    public RequestView build() {
      return new RequestView(method, path, query, route, headers, peer, body, truncated);
    }
  }
}
