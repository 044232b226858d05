package dev.rosetta.gateway.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer the printer writes JSON into; copied to the caller's ByteBuf once at the
 * end. Strings are escaped exactly as JsonFormat's Gson ({@code new GsonBuilder().create()}, HTML
 * safe) escapes them, so that output is byte-equal to the reference. Not thread safe: one per call.
 */
final class JsonOutput {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Per ASCII byte: 0 = as is, 1 = \\uXXXX, otherwise the letter of a short escape. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 1;
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\t'] = 't';
    ESCAPE['\b'] = 'b';
    ESCAPE['\n'] = 'n';
    ESCAPE['\r'] = 'r';
    ESCAPE['\f'] = 'f';
    // Gson's HTML-safe set.
    for (char c : new char[] {'<', '>', '&', '=', '\''}) {
      ESCAPE[c] = 1;
    }
  }

  byte[] buf = new byte[256];
  int pos;

  void reset() {
    pos = 0;
  }

  /**
   * Makes room for {@code bytes} in one step. The printer calls it with the wire size, a lower
   * bound for the JSON of string- and bytes-heavy messages: a 1 MiB message otherwise grows the
   * buffer from 256 bytes by doubling, a dozen copies (the scratch buffer is not kept past
   * {@code RETAINED_BYTES}).
   */
  void reserve(int bytes) {
    ensure(bytes);
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  void raw(byte b) {
    ensure(1);
    buf[pos++] = b;
  }

  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  void raw(byte[] bytes, int off, int len) {
    ensure(len);
    System.arraycopy(bytes, off, buf, pos, len);
    pos += len;
  }

  /** Writes a String as UTF-8 without escaping (what JsonFormat does for field names and masks). */
  void raw(String s) {
    raw(s.getBytes(StandardCharsets.UTF_8));
  }

  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  void int32(int v) {
    int64(v);
  }

  void int64(long v) {
    if (v == Long.MIN_VALUE) {
      ascii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
  }

  void uint64(long v) {
    if (v >= 0) {
      int64(v);
    } else {
      ascii(Long.toUnsignedString(v));
    }
  }

  /** A quoted, escaped JSON string from valid UTF-8 bytes. */
  void string(byte[] utf8, int off, int len) {
    ensure(len + 2);
    buf[pos++] = '"';
    int end = off + len;
    int run = off;
    for (int i = off; i < end; i++) {
      int b = utf8[i];
      if (b >= 0) {
        if (ESCAPE[b] == 0) {
          continue;
        }
        raw(utf8, run, i - run);
        escape(b);
        run = i + 1;
      } else if (b == (byte) 0xE2 && i + 2 < end && utf8[i + 1] == (byte) 0x80
          && (utf8[i + 2] == (byte) 0xA8 || utf8[i + 2] == (byte) 0xA9)) {
        // U+2028 and U+2029: Gson escapes them (they end lines in JavaScript).
        raw(utf8, run, i - run);
        escape(utf8[i + 2] == (byte) 0xA8 ? 0x2028 : 0x2029);
        i += 2;
        run = i + 1;
      }
    }
    raw(utf8, run, end - run);
    raw((byte) '"');
  }

  void string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    string(utf8, 0, utf8.length);
  }

  private void escape(int c) {
    ensure(6);
    buf[pos++] = '\\';
    byte shortForm = c < 128 ? ESCAPE[c] : 1;
    if (shortForm != 1) {
      buf[pos++] = shortForm;
      return;
    }
    buf[pos++] = 'u';
    buf[pos++] = HEX[(c >> 12) & 15];
    buf[pos++] = HEX[(c >> 8) & 15];
    buf[pos++] = HEX[(c >> 4) & 15];
    buf[pos++] = HEX[c & 15];
  }

  /** Standard base64 with padding, as Guava's {@code BaseEncoding.base64()} that JsonFormat uses. */
  void base64(byte[] src, int off, int len) {
    ensure(len / 3 * 4 + 6);
    buf[pos++] = '"';
    pos = Base64Codec.encode(src, off, len, buf, pos);
    buf[pos++] = '"';
  }
}
