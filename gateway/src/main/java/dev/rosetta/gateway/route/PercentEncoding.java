package dev.rosetta.gateway.route;

import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of path text (RFC 3986 section 2.1) by the rules of google/api/http.proto.
 * Stateless; allocates only the decoded string, and only for text that contains {@code '%'}.
 */
final class PercentEncoding {
  private PercentEncoding() {}

  /** Whether every {@code '%'} in {@code s} is followed by two hex digits. */
  static boolean isValid(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 3)) {
      if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean containsPercent(String s, int from, int to) {
    int i = s.indexOf('%', from);
    return i >= 0 && i < to;
  }

  /**
   * Decodes {@code s[from, to)}, which must be valid (see {@link #isValid}), as UTF-8. With {@code
   * keepEncodedSlash}, {@code %2F} and {@code %2f} stay as they are: http.proto decodes a
   * multi-segment variable "except [for] %2F and %2f", so that the value still splits into the
   * segments the client sent. Malformed UTF-8 becomes U+FFFD. Characters that are not escaped
   * pass through unchanged (non-ASCII ones are re-encoded as UTF-8 first).
   */
  static String decode(String s, int from, int to, boolean keepEncodedSlash) {
    if (!containsPercent(s, from, to)) {
      return s.substring(from, to);
    }
    // Enough for any input: an escape shrinks, a BMP char takes at most 3 bytes, a surrogate
    // pair 4 bytes for 2 chars.
    byte[] out = new byte[(to - from) * 3];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int b = (hex(s.charAt(i + 1)) << 4) | hex(s.charAt(i + 2));
        if (b == '/' && keepEncodedSlash) {
          out[n++] = '%';
          out[n++] = (byte) s.charAt(i + 1);
          out[n++] = (byte) s.charAt(i + 2);
        } else {
          out[n++] = (byte) b;
        }
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
        byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, out, n, utf8.length);
        n += utf8.length;
        i = end - 1;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** {@code s} with every {@code %2F} and {@code %2f} replaced by {@code /}; {@code s} itself when there is none. */
  static String decodeSlashes(String s) {
    int i = s.indexOf('%');
    if (i < 0) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    for (; i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
      if (s.charAt(i + 1) == '2' && (s.charAt(i + 2) == 'F' || s.charAt(i + 2) == 'f')) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, copied, i).append('/');
        copied = i + 3;
      }
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
