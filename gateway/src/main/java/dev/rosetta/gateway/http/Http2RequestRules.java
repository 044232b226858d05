package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * What makes an HTTP/2 request malformed beyond what HPACK checks (RFC 9113 section 8.1.1 and
 * 8.3): the head's pseudo-header fields, a {@code content-length} that the DATA does not add up
 * to, trailers that do not end the stream or carry pseudo-header fields. Each breach is a stream
 * error PROTOCOL_ERROR (the stream is reset, the connection goes on). Netty's HPACK decoder has
 * already refused unknown, repeated or misplaced pseudo-header fields, connection-specific
 * fields and upper-case names. For {@link Http2Streams}; stateless.
 */
final class Http2RequestRules {
  private Http2RequestRules() {
  }

  /**
   * The head of a new stream: {@code :method}, {@code :scheme} and {@code :path} present (every
   * request but CONNECT, which no route takes), and its declared {@code content-length}, which
   * it returns (-1 without one).
   */
  static long head(int id, Http2Headers headers, boolean endOfStream) throws Http2Exception {
    if (headers.method() == null || headers.scheme() == null || headers.path() == null
        || headers.path().length() == 0) {
      throw malformed(id, "a request needs :method, :scheme and :path (RFC 9113 section 8.3.1)");
    }
    long declared = declaredLength(id, headers);
    if (endOfStream && declared > 0) {
      throw malformed(id, "stream " + id + " ended with no DATA but declares content-length " + declared);
    }
    return declared;
  }

  /** The trailers: they end the stream, carry no pseudo-header field, and the DATA before them adds up. */
  static void trailers(Http2StreamState stream, Http2Headers headers, boolean endOfStream) throws Http2Exception {
    if (!endOfStream) {
      throw malformed(stream.id, "stream " + stream.id + ": trailers must end the stream");
    }
    for (var field : headers) {
      if (Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(field.getKey())) {
        throw malformed(stream.id, "stream " + stream.id + ": pseudo-header field " + field.getKey() + " in trailers");
      }
    }
    length(stream, true);
  }

  /** DATA must add up to the declared {@code content-length}: not past it, and all of it by the end. */
  static void length(Http2StreamState stream, boolean end) throws Http2Exception {
    long declared = stream.declaredLength;
    if (declared >= 0 && (stream.receivedLength > declared || end && stream.receivedLength != declared)) {
      throw malformed(stream.id, "stream " + stream.id + ": " + stream.receivedLength
          + " bytes of DATA where content-length is " + declared);
    }
  }

  /** The request's {@code content-length}, or -1 without one; several fields must agree (RFC 9110 section 8.6). */
  private static long declaredLength(int id, Http2Headers headers) throws Http2Exception {
    long length = -1;
    for (var values = headers.valueIterator(HttpHeaderNames.CONTENT_LENGTH); values.hasNext(); ) {
      // A list of equal values ("5, 5") is one length, as Netty's HttpUtil takes it.
      for (String part : values.next().toString().split(",", -1)) {
        long one = digits(part.trim());
        if (one < 0 || (length >= 0 && one != length)) {
          throw malformed(id, "stream " + id + ": invalid content-length");
        }
        length = one;
      }
    }
    return length;
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  private static long digits(CharSequence value) {
    int length = value.length();
    if (length == 0 || length > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static Http2Exception malformed(int id, String message) {
    return Http2Exception.streamError(id, Http2Error.PROTOCOL_ERROR, "%s", message);
  }
}
