package dev.rosetta.gateway.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol): which browser origins may
 * call the gateway. Off when {@code origins} is empty. Immutable.
 *
 * <p>For an allowed {@code Origin}, a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered by the gateway itself with 204, whatever the
 * routes; every other response gets {@code Access-Control-Allow-Origin} and {@code Vary: Origin},
 * and exposes {@code X-Request-Id} (and, for gRPC-Web and Connect, the status and metadata headers
 * their clients read). A request from an origin not listed gets no CORS headers, so the browser
 * withholds the response from the page. A preflight always allows the request headers of the RPC
 * protocols ({@link #RPC_HEADERS}) besides {@code headers}: a browser's gRPC-Web or Connect client
 * cannot call without them, and they carry nothing but the call's framing.
 *
 * @param origins allowed origins, e.g. {@code https://app.example.com}; {@code *} allows any
 * @param methods methods a preflight allows
 * @param headers request headers a preflight allows; {@code *} echoes what the browser asks for
 * @param maxAge how long a browser may cache a preflight answer
 */
public record CorsPolicy(List<String> origins, List<String> methods, List<String> headers, Duration maxAge) {
  public static final CorsPolicy OFF = new CorsPolicy(List.of(), List.of(), List.of(), Duration.ZERO);
  /** What gRPC-Web (grpc-web's and connect-web's clients) and Connect clients send with every call. */
  static final List<String> RPC_HEADERS = List.of("X-Grpc-Web", "X-User-Agent", "Grpc-Timeout",
      "Connect-Protocol-Version", "Connect-Timeout-Ms");

  public CorsPolicy {
    origins = List.copyOf(origins);
    methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    headers = List.copyOf(headers);
  }

  public boolean enabled() {
    return !origins.isEmpty();
  }

  /** The value for {@code Access-Control-Allow-Origin}, or null when {@code origin} is not allowed. */
  String allowOrigin(String origin) {
    if (origin == null || origins.isEmpty()) {
      return null;
    }
    if (origins.contains(origin)) {
      return origin;
    }
    return origins.contains("*") ? "*" : null;
  }

  String allowMethods() {
    return String.join(", ", methods);
  }

  /** The headers to allow in a preflight that asked for {@code requested}. */
  String allowHeaders(String requested) {
    if (headers.contains("*")) {
      return requested == null ? "" : requested;
    }
    java.util.Set<String> allowed = new java.util.LinkedHashSet<>(headers);
    for (String rpc : RPC_HEADERS) {
      if (headers.stream().noneMatch(rpc::equalsIgnoreCase)) {
        allowed.add(rpc);
      }
    }
    return String.join(", ", allowed);
  }
}
