package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.TimeUnit;

/**
 * The request target's origin form, and the errors the front end answers about a request before
 * any backend call: its size, its method and its body's type ({@link DecoderFailures} words its
 * framing).
 */
final class RequestErrors {
  private RequestErrors() {}

  /**
   * The path and query of a request target. Servers must accept the absolute form too (RFC 9112
   * section 3.2.2), {@code http://host/path?q}, which proxies send.
   */
  static String originForm(String target) {
    int scheme = target.indexOf("://");
    if (scheme <= 0 || target.startsWith("/")) {
      return target;
    }
    int path = target.indexOf('/', scheme + 3);
    int query = target.indexOf('?', scheme + 3);
    if (path < 0 || (query >= 0 && query < path)) {
      return query < 0 ? "/" : "/" + target.substring(query);
    }
    return target.substring(path);
  }

  /** 413: the body passes the limit, decided from Content-Length or while reading. */
  static GatewayError tooLarge(int maxBodyBytes) {
    return new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED,
        "request body is larger than the limit of " + maxBodyBytes + " bytes", Reasons.BODY_TOO_LARGE);
  }

  /** 408: the request's head and body did not arrive within {@code --request-read-timeout}. */
  static GatewayError timeout(long readTimeoutNanos) {
    return new GatewayError(408, Status.Code.DEADLINE_EXCEEDED,
        "request not received within " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms", Reasons.REQUEST_TIMEOUT);
  }

  /** 405: the path has routes under other methods only; {@code allowed} is the Allow header's value. */
  static GatewayError methodNotAllowed(HttpMethod method, String path, String allowed) {
    return new GatewayError(405, Status.Code.UNIMPLEMENTED,
        "method " + method + " is not allowed on " + path + "; allowed: " + allowed, Reasons.METHOD_NOT_ALLOWED);
  }

  /**
   * 415: a body in a Content-Encoding the gateway does not decode (what it decodes never gets
   * here: {@link RequestDecompressor} has decoded it and dropped the header).
   *
   * @param decoding whether request decompression is on (gzip and deflate would be taken)
   */
  static GatewayError unsupportedEncoding(String coding, boolean decoding) {
    return new GatewayError(415, Status.Code.INVALID_ARGUMENT, "unsupported Content-Encoding \"" + coding + "\": "
        + (decoding ? "send the body uncompressed, or compressed with gzip or deflate"
            : "send the body uncompressed (request decompression is off)"), Reasons.UNSUPPORTED_CONTENT_ENCODING);
  }

  /** 415: a body of a type {@code route} does not take. */
  static GatewayError unsupportedType(Route route, String contentType) {
    return new GatewayError(415, Status.Code.INVALID_ARGUMENT, "unsupported Content-Type \"" + contentType
        + "\": send " + BodyTypes.expected(route), Reasons.UNSUPPORTED_MEDIA_TYPE);
  }

  /**
   * 415: a body an HTML form could send ({@code contentType} null for none), from a browser page
   * of another origin ({@code why}: the header that says so); {@link BodyTypes}.
   */
  static GatewayError crossOriginBody(String contentType, String why) {
    String body = contentType == null ? "a body without Content-Type" : "Content-Type \"" + contentType + "\"";
    return new GatewayError(415, Status.Code.INVALID_ARGUMENT, body + " is not accepted from a browser page of "
        + "another origin (" + why + "), as a cross-site form could send it: send application/json",
        Reasons.CROSS_ORIGIN_BODY);
  }
}
