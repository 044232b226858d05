package dev.rosetta.gateway.http;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.gateway.route.PathTemplate;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request each {@link WarmUp} connection sends: an HTTP/1.1 request for one of the gateway's own
 * routes, so that the warm-up runs what a storm's requests run (routing, binding, the backend call,
 * the response's printing) and not only the connection path. The route is a unary one, a POST
 * with a body first (the usual shape of a write a storm repeats), then any route with a body, then
 * any; its path fills each variable with {@code w}, and its body is {@code {}}, which binds to any
 * request message (routes whose body is a field {@code {}} does not bind to are passed over).
 * Without a route whose path can be written so (every route streams, or their literals need
 * percent-encoding), it is a POST that an engine without routes answers 404.
 */
record WarmUpRequest(String method, String path, Route route) {
  /** The path of the request when no route can be called (the engine then has no routes: a 404). */
  static final String UNROUTED_PATH = "/.rosetta/warm-up";
  private static final String BODY = "{}";
  /** Literals written as they are: the unreserved characters of RFC 3986, nothing to encode. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._~-]+");
  /** The well-known types whose JSON is an object that {@code {}} is a value of. */
  private static final Set<String> OBJECT_TYPES = Set.of("google.protobuf.Struct", "google.protobuf.Empty");

  /** The request for {@code routes}: one of its routes, or the unrouted POST. */
  static WarmUpRequest of(RouteTable routes) {
    return routes.routes().stream()
        .filter(route -> !route.method().isClientStreaming() && !route.method().isServerStreaming())
        .filter(WarmUpRequest::takesAnEmptyObject)
        .sorted(Comparator.comparingInt(WarmUpRequest::preference))
        .map(route -> forRoute(route, routes))
        .flatMap(Optional::stream)
        .findFirst()
        .orElse(unrouted());
  }

  /** A POST to a path an engine without routes answers 404 ({@link Engine#withoutRoutes}). */
  static WarmUpRequest unrouted() {
    return new WarmUpRequest("POST", UNROUTED_PATH, null);
  }

  /**
   * Whether {@code {}} binds to the route's body: the whole request ({@code *}), or a field of a
   * message type that JSON writes as an object (not a scalar, a list, a map, or a well-known type
   * written as a string or number, such as {@code Timestamp}). A route without a body takes none.
   */
  private static boolean takesAnEmptyObject(Route route) {
    FieldDescriptor field = route.bodyField();
    if (field == null) {
      return true;
    }
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
      return false;
    }
    String type = field.getMessageType().getFullName();
    return !type.startsWith("google.protobuf.") || OBJECT_TYPES.contains(type);
  }

  /** Lower is better: a POST with a body, then another body, then the rest. */
  private static int preference(Route route) {
    boolean body = route.body() != null && !route.body().isEmpty();
    return body && "POST".equals(route.httpMethod()) ? 0 : body ? 1 : 2;
  }

  /** {@code route}'s request, if its path can be written plainly and the table routes it back to it. */
  private static Optional<WarmUpRequest> forRoute(Route route, RouteTable routes) {
    PathTemplate template = route.template();
    StringBuilder path = new StringBuilder();
    for (PathTemplate.Segment segment : template.segments()) {
      if (segment.kind() != PathTemplate.Segment.Kind.LITERAL) {
        path.append("/w");
      } else if (PLAIN.matcher(segment.literal()).matches()) {
        path.append('/').append(segment.literal());
      } else {
        return Optional.empty();
      }
    }
    if (path.length() == 0) {
      path.append('/');
    }
    if (template.verb() != null) {
      if (!PLAIN.matcher(template.verb()).matches()) {
        return Optional.empty();
      }
      path.append(':').append(template.verb());
    }
    String text = path.toString();
    // Another route may win the match (a more literal one declared elsewhere): then not this one.
    return routes.match(route.httpMethod(), text) instanceof RouteLookup.Found found && found.match().route() == route
        ? Optional.of(new WarmUpRequest(route.httpMethod(), text, route))
        : Optional.empty();
  }

  /** Whether it reaches a route (and so a backend) rather than the 404 of the unrouted path. */
  boolean routed() {
    return route != null;
  }

  /** The request's bytes on the wire: the body {@code {}} for a route with one, and for the unrouted POST. */
  byte[] bytes() {
    boolean body = route == null || (route.body() != null && !route.body().isEmpty());
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: localhost\r\nUser-Agent: rosetta-warm-up\r\n");
    if (body) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(BODY.length()).append("\r\n\r\n")
          .append(BODY);
    } else {
      head.append("\r\n");
    }
    return head.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return method + " " + path + (route == null ? " (no route)" : " (" + route.source() + ")");
  }
}
