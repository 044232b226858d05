package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.concurrent.TimeUnit;

/**
 * The request target's origin form, and the errors the front end answers about a request before
 * any backend call: its framing, its method and its body's type.
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

  /**
   * What the HTTP decoder refused: 414, 431 or 400; or what a handler before the connection's
   * refused with an answer of its own ({@link ExchangeException}: a body that does not decompress).
   */
  static GatewayError malformed(Throwable cause) {
    if (cause instanceof ExchangeException refused) {
      return refused.error();
    }
    if (cause instanceof TooLongHttpLineException) {
      return new GatewayError(414, Status.Code.INVALID_ARGUMENT, "request line is too long", Reasons.URI_TOO_LONG);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new GatewayError(431, Status.Code.INVALID_ARGUMENT, "request headers are too large: " + cause.getMessage(), Reasons.HEADERS_TOO_LARGE);
    }
    String detail = cause instanceof TooLongFrameException ? "too long" : String.valueOf(cause.getMessage());
    return GatewayError.of(Status.Code.INVALID_ARGUMENT, "malformed HTTP request: " + detail, Reasons.MALFORMED_REQUEST);
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
        + "\": send " + Exchanges.expectedBody(route) + " (curl's --json sends application/json)", Reasons.UNSUPPORTED_MEDIA_TYPE);
  }
}
