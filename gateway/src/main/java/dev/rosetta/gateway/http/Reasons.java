package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.PolicyReasons;
import java.util.ArrayList;
import java.util.List;

/**
 * Every reason tag the gateway gives an answer it makes itself, declared in this one file (as
 * Envoy declares its response-code details in {@code RcDetails}) rather than as string literals
 * where the errors are made. A tag names why the gateway, not the backend, decided the outcome;
 * it travels in {@link dev.rosetta.gateway.status.GatewayError#reason()} and
 * {@link CompletedExchange#reason()} to the access log and the metrics, and the set stays small
 * and fixed so that it can be a label. An exchange the backend answered has no tag (null).
 *
 * <p>New tags are added here, with a line saying when they are given, and to {@link #ALL}. The
 * edge policies' tags ({@code rate_limited}, {@code jwt_expired}, {@code authz_denied}, ...) are
 * declared beside the policies that give them, in {@link PolicyReasons}, because the policy
 * package must not depend on this one; {@link #ALL} takes them from there, so the label set is
 * still one list.
 */
public final class Reasons {
  private Reasons() {}

  // The request's framing (RequestDecoder, RequestGuard, the HTTP decoder).
  /** The request head or a chunk size could not be parsed, or was refused as ambiguous (400). */
  public static final String MALFORMED_REQUEST = "malformed_request";
  /** The request line passed {@code --max-request-line} (414). */
  public static final String URI_TOO_LONG = "uri_too_long";
  /** The header block passed {@code --max-header-size} or {@code --max-headers} (431). */
  public static final String HEADERS_TOO_LARGE = "headers_too_large";

  // Dispatch (Dispatcher): the request head against the route table.
  /** No route has the path (404). */
  public static final String NO_ROUTE = "no_route";
  /** Routes have the path under other methods only (405). */
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  /** The path could not be decoded (400). */
  public static final String INVALID_PATH = "invalid_path";
  /** The body passed {@code --max-body-size}, by Content-Length or while it was read (413). */
  public static final String BODY_TOO_LARGE = "body_too_large";
  /** The body did not fit the request bytes the process may hold at once, {@code --body-budget} (503). */
  public static final String BODY_BUDGET = "body_budget";
  /** The body's Content-Type is not one the route takes (415). */
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  /**
   * The body's Content-Encoding is not one the gateway decodes (gzip, deflate; none while
   * {@code --no-request-decompression}) (415).
   */
  public static final String UNSUPPORTED_CONTENT_ENCODING = "unsupported_content_encoding";
  /** A body an HTML form can send, from a browser page of another origin (415, {@code BodyTypes}). */
  public static final String CROSS_ORIGIN_BODY = "cross_origin_body";
  /** The {@code Grpc-Timeout} header does not parse (400). */
  public static final String BAD_TIMEOUT = "bad_timeout";
  /** A WebSocket upgrade on a unary method's route (400). */
  public static final String WEBSOCKET_UNARY = "websocket_unary";

  // Request decompression (RequestDecompressor).
  /** The body does not decode in its Content-Encoding (400). */
  public static final String BAD_CONTENT_ENCODING = "bad_content_encoding";
  /** The body decompresses to more than {@code --max-decompression-ratio} times its size (413). */
  public static final String DECOMPRESSION_RATIO = "decompression_ratio";

  // The RPC protocols (Protocols, docs/protocols.md): gRPC-Web and Connect.
  /** An RPC path naming no method of the loaded services (404; gRPC-Web: UNIMPLEMENTED in the trailers). */
  public static final String NO_METHOD = "no_method";
  /** A request or message compressed with a coding the gateway does not read (501 UNIMPLEMENTED). */
  public static final String UNSUPPORTED_ENCODING = "unsupported_encoding";
  /** A {@code Connect-Timeout-Ms} that does not parse (400). */
  public static final String BAD_CONNECT_TIMEOUT = "bad_connect_timeout";
  /**
   * What the gateway recognizes but does not serve (yet): native gRPC (415), a client- or
   * bidirectional-streaming method over gRPC-Web or Connect (UNIMPLEMENTED).
   */
  public static final String PROTOCOL_NOT_SERVED = "protocol_not_served";

  // The exchange: binding the request message and calling the backend.
  /** A path variable, query parameter or the body does not fit the request message (400). */
  public static final String BAD_REQUEST = "bad_request";
  /** Binding the request message threw unexpectedly: a gateway fault, logged at WARN (500). */
  public static final String BIND_FAILURE = "bind_failure";
  /** No backend serves the route's service (501). */
  public static final String NO_BACKEND = "no_backend";
  /** A request message passed the backend's message limit, {@code --max-message-size} (413). */
  public static final String MESSAGE_TOO_LARGE = "message_too_large";
  /** The backend's response could not be converted: a gateway fault, logged at WARN (500). */
  public static final String RESPONSE_CONVERSION = "response_conversion";
  /** No direct memory was left to print the backend's response (503). */
  public static final String MEMORY_EXHAUSTED = "memory_exhausted";
  /** A unary or client-streaming call closed OK with no response, or with more than one (500). */
  public static final String BACKEND_RESPONSE_COUNT = "backend_response_count";

  // The connection.
  /** The request did not arrive whole within {@code --request-read-timeout} (408). */
  public static final String REQUEST_TIMEOUT = "request_timeout";
  /** The connection passed {@code --max-connections} (503). */
  public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
  /**
   * An HTTP/2 stream's response made no progress for {@code --http2-send-timeout}, the client
   * keeping its flow-control window closed: the stream is reset.
   */
  public static final String SEND_TIMEOUT = "send_timeout";
  /** The client went away before its answer was complete (499, nginx's "client closed request"). */
  public static final String CLIENT_CLOSED = "client_closed";

  /**
   * Every tag an exchange can end with: the gateway's own above, then the edge policies'
   * ({@link PolicyReasons#ALL}). The bounded label set of {@code rosetta_http_rejections_total}.
   */
  public static final List<String> ALL = all();

  private static List<String> all() {
    List<String> all = new ArrayList<>(List.of(MALFORMED_REQUEST, URI_TOO_LONG, HEADERS_TOO_LARGE, NO_ROUTE,
        METHOD_NOT_ALLOWED, INVALID_PATH, BODY_TOO_LARGE, BODY_BUDGET, UNSUPPORTED_MEDIA_TYPE,
        UNSUPPORTED_CONTENT_ENCODING, CROSS_ORIGIN_BODY, BAD_TIMEOUT, WEBSOCKET_UNARY, BAD_CONTENT_ENCODING,
        DECOMPRESSION_RATIO, NO_METHOD, UNSUPPORTED_ENCODING, BAD_CONNECT_TIMEOUT, PROTOCOL_NOT_SERVED, BAD_REQUEST,
        BIND_FAILURE, NO_BACKEND, MESSAGE_TOO_LARGE, RESPONSE_CONVERSION, BACKEND_RESPONSE_COUNT, REQUEST_TIMEOUT,
        MEMORY_EXHAUSTED, TOO_MANY_CONNECTIONS, SEND_TIMEOUT, CLIENT_CLOSED));
    all.addAll(PolicyReasons.ALL);
    return List.copyOf(all);
  }
}
