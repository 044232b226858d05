package dev.rosetta.gateway.policy;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * A request as the edge policies see it, whatever front end read it (HTTP/1.1 now; HTTP/2,
 * gRPC-Web and Connect later): the head, the route it matched, the peer and, when a policy asked
 * for it, a bounded prefix of the body. No Netty or HTTP classes, so a front end implements it
 * over its own header object without copying, and tests build one with {@link RequestView}.
 *
 * <p>Read on the event loop that handles the request, while the policies run; an implementation
 * need not be thread safe, but must not change while a decision is pending.
 */
public interface PolicyRequest {

  /** The HTTP method, upper case as sent: {@code GET}, {@code POST}, ... */
  String method();

  /** The request path as sent (still percent-encoded), without the query. */
  String path();

  /** The raw query, the text after {@code ?} without it; empty when there is none. */
  String query();

  /** The route the request matched. */
  RouteKey route();

  /**
   * The first value of a header, by case-insensitive name; null when absent. An HTTP/2 front end
   * joins {@code cookie} crumbs with {@code "; "} first (RFC 9113 section 8.2.3).
   */
  String header(String name);

  /** Every header field in order, names as the front end holds them (ext_authz sends them all). */
  void forEachHeader(BiConsumer<String, String> action);

  /** The client's address (the TCP peer; forwarded-for headers are not trusted here). */
  InetSocketAddress peer();

  /**
   * The first bytes of the request body, when the front end collected them because {@link
   * PolicyEngine#bodyBytesWanted} asked; null when it did not.
   */
  default byte[] body() {
    return null;
  }

  /** The body was longer than {@link #body()} holds. */
  default boolean bodyTruncated() {
    return false;
  }

  /** The first value of a query parameter, form-decoded; null when absent or not decodable. */
  default String queryParameter(String name) {
    return RequestParts.queryParameter(query(), name);
  }

  /** The value of a cookie of the {@code Cookie} header (RFC 6265 section 5.4); null when absent. */
  default String cookie(String name) {
    return RequestParts.cookie(header("cookie"), name);
  }
}
