package dev.rosetta.gateway.codec;

/**
 * Base64 for {@code bytes} fields. Printing is standard base64 with padding. Parsing accepts what
 * JsonFormat accepts through Guava's {@code BaseEncoding}: the standard alphabet, else the URL-safe
 * one; trailing {@code =} optional (any number of them is trimmed); a length of 1 mod 4 after
 * trimming is invalid; unused trailing bits are not checked.
 */
final class Base64Codec {
  private static final byte[] STANDARD =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int[] DECODE_STANDARD = decodeTable('+', '/');
  private static final int[] DECODE_URL = decodeTable('-', '_');

  private Base64Codec() {}

  private static int[] decodeTable(char c62, char c63) {
    int[] table = new int[128];
    java.util.Arrays.fill(table, -1);
    for (int i = 0; i < 62; i++) {
      table[STANDARD[i]] = i;
    }
    table[c62] = 62;
    table[c63] = 63;
    return table;
  }

  /** Encodes into {@code out} at {@code at}; returns the new end. */
  static int encode(byte[] src, int off, int len, byte[] out, int at) {
    int end = off + len;
    int i = off;
    while (end - i >= 3) {
      int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      out[at++] = STANDARD[bits >>> 18];
      out[at++] = STANDARD[(bits >>> 12) & 63];
      out[at++] = STANDARD[(bits >>> 6) & 63];
      out[at++] = STANDARD[bits & 63];
      i += 3;
    }
    if (end - i == 1) {
      int bits = (src[i] & 0xFF) << 16;
      out[at++] = STANDARD[bits >>> 18];
      out[at++] = STANDARD[(bits >>> 12) & 63];
      out[at++] = '=';
      out[at++] = '=';
    } else if (end - i == 2) {
      int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8;
      out[at++] = STANDARD[bits >>> 18];
      out[at++] = STANDARD[(bits >>> 12) & 63];
      out[at++] = STANDARD[(bits >>> 6) & 63];
      out[at++] = '=';
    }
    return at;
  }

  /** The decoded length of the (unescaped) content, or -1 when its length is invalid. */
  static int decodedLength(byte[] src, int off, int len) {
    int n = trimmed(src, off, len);
    if (n % 4 == 1) {
      return -1;
    }
    return n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
  }

  private static int trimmed(byte[] src, int off, int len) {
    int n = len;
    while (n > 0 && src[off + n - 1] == '=') {
      n--;
    }
    return n;
  }

  /**
   * Decodes {@code src[off, off+len)} into {@code out} (whose capacity the caller ensured from
   * {@link #decodedLength}); false when neither alphabet accepts it, with {@code out} unchanged.
   */
  static boolean decode(byte[] src, int off, int len, WireWriter out) {
    int n = trimmed(src, off, len);
    return decode(src, off, n, DECODE_STANDARD, out) || decode(src, off, n, DECODE_URL, out);
  }

  private static boolean decode(byte[] src, int off, int n, int[] table, WireWriter out) {
    byte[] b = out.buf;
    int p = out.pos;
    int bits = 0;
    int count = 0;
    for (int i = off; i < off + n; i++) {
      int c = src[i];
      int v = c >= 0 ? table[c] : -1;
      if (v < 0) {
        return false;
      }
      bits = bits << 6 | v;
      if (++count == 4) {
        b[p++] = (byte) (bits >> 16);
        b[p++] = (byte) (bits >> 8);
        b[p++] = (byte) bits;
        bits = 0;
        count = 0;
      }
    }
    if (count == 2) {
      b[p++] = (byte) (bits >> 4);
    } else if (count == 3) {
      b[p++] = (byte) (bits >> 10);
      b[p++] = (byte) (bits >> 2);
    }
    out.pos = p;
    return true;
  }
}
