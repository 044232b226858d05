package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * A response's HTTP/1 header fields as HTTP/2 fields (RFC 9113 section 8.2): names lower-cased,
 * connection-specific fields dropped. Stateless; used by {@link Http2StreamCodec}.
 *
 * <p>A name that is lower-case already (every {@code HttpHeaderNames} constant, most of what the
 * printers set) is passed on as it is, with no copy. The fields are not validated again: they
 * come from Netty's {@code DefaultHttpHeaders}, which validated their names and values when they
 * were set.
 */
final class Http2ResponseHeaders {
  private Http2ResponseHeaders() {
  }

  /** The head of {@code response}: {@code :status}, then its fields. */
  static Http2Headers of(HttpResponse response) {
    HttpHeaders in = response.headers();
    Http2Headers out = new DefaultHttp2Headers(false, in.size() + 1);
    out.status(response.status().codeAsText());
    copy(in, out);
    return out;
  }

  /** Trailer fields, for a trailing HEADERS frame. */
  static Http2Headers trailers(HttpHeaders in) {
    Http2Headers out = new DefaultHttp2Headers(false, in.size());
    copy(in, out);
    return out;
  }

  private static void copy(HttpHeaders in, Http2Headers out) {
    // The Connection field names further fields that are this hop's alone; it is rare in a response.
    String connection = in.contains(HttpHeaderNames.CONNECTION)
        ? String.join(",", in.getAll(HttpHeaderNames.CONNECTION)) : null;
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = in.iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      CharSequence name = lowerCase(field.getKey());
      if (!connectionSpecific(name) && (connection == null || !listed(connection, name))) {
        out.add(name, field.getValue());
      }
    }
  }

  private static CharSequence lowerCase(CharSequence name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return AsciiString.of(name).toLowerCase();
      }
    }
    return name;
  }

  /** RFC 9113 section 8.2.2, as Netty's conversion has them (and {@code Host}, which a response never needs). */
  private static boolean connectionSpecific(CharSequence name) {
    return HttpHeaderNames.CONNECTION.contentEquals(name)
        || HttpHeaderNames.KEEP_ALIVE.contentEquals(name)
        || HttpHeaderNames.PROXY_CONNECTION.contentEquals(name)
        || HttpHeaderNames.TRANSFER_ENCODING.contentEquals(name)
        || HttpHeaderNames.UPGRADE.contentEquals(name)
        || HttpHeaderNames.HOST.contentEquals(name);
  }

  /** Whether {@code name} (lower-case) is one of the comma-separated tokens of {@code connection}. */
  private static boolean listed(String connection, CharSequence name) {
    for (String token : connection.split(",")) {
      if (AsciiString.contentEqualsIgnoreCase(token.trim(), name)) {
        return true;
      }
    }
    return false;
  }
}
