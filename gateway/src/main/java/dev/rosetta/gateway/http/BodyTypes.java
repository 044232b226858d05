package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.GatewayError;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;

/**
 * Which request bodies a route reads, by their {@code Content-Type}: decided by the
 * {@link Dispatcher} from the request head, so a refusal (415) comes before any byte of the body
 * is read. Rules without {@code body} ignore the body and check nothing.
 *
 * <pre>
 * Content-Type                               read as                        415
 * application/json, *&#47;*+json                 JSON                           never
 * application/x-ndjson                       one message per line           on routes that are not client streams
 * none, text/plain,                          JSON (grpc-gateway and Envoy   from a browser page of another origin
 *   application/x-www-form-urlencoded          read every type as JSON)       ({@link CrossOrigin}); with
 *                                                                           --strict-content-type always (but none)
 * multipart/form-data, any other type        -                              always
 * any, when the body is a google.api.HttpBody  its raw bytes                never
 * </pre>
 *
 * <p>{@code curl -d} sends {@code application/x-www-form-urlencoded}, and scripts and SDKs often
 * send {@code text/plain} or nothing: grpc-gateway (its {@code *} marshaler) and Envoy's
 * transcoder (which reads no type) parse them all as JSON, and clients migrating from them rely
 * on it. The same three are what an HTML form or a {@code fetch} can send to another origin
 * without asking its CORS policy first, hence the cross-origin refusal (CSRF); a body without
 * type is refused so even with {@code --strict-content-type}, which otherwise keeps reading it
 * as JSON, as before. {@code multipart/form-data} ({@code curl -F}) is refused although both
 * peers try it as JSON: its body starts with a boundary line and is never a JSON document, and
 * 415 says what to send where a JSON syntax error would not.
 *
 * <p>Immutable; shared by every connection of a listener.
 */
final class BodyTypes {
  private static final String TEXT_PLAIN = "text/plain";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final boolean strict;
  private final CorsPolicy cors;

  /** @param strict {@code --strict-content-type}: no {@code text/plain} or form body read as JSON */
  BodyTypes(boolean strict, CorsPolicy cors) {
    this.strict = strict;
    this.cors = cors;
  }

  /** Why {@code route} does not read the body announced by {@code headers}: a 415; null when it does. */
  GatewayError refusal(Route route, HttpHeaders headers) {
    if (route.body().isEmpty() || RawBody.takesRawBody(route)) {
      return null;
    }
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    String mime = mime(contentType);
    if (isJson(mime) || route.method().isClientStreaming() && mime.equals(Exchanges.NDJSON)) {
      return null;
    }
    boolean none = mime.isEmpty();
    if (!none && (strict || !mime.equals(TEXT_PLAIN) && !mime.equals(FORM))) {
      return RequestErrors.unsupportedType(route, contentType);
    }
    String crossOrigin = CrossOrigin.why(headers, cors);
    return crossOrigin == null ? null : RequestErrors.crossOriginBody(contentType, crossOrigin);
  }

  /** What a route that reads JSON takes, for the 415 message. */
  static String expected(Route route) {
    return route.method().isClientStreaming()
        ? "application/json (an array of messages) or application/x-ndjson (one message per line)"
        : "application/json";
  }

  /** The media type, lower case, without parameters; "" for none. */
  private static String mime(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String mime) {
    return mime.equals(HttpHeaderValues.APPLICATION_JSON.toString()) || mime.endsWith("+json");
  }
}
