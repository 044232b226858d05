package dev.rosetta.gateway.codec;

/**
 * Base64 for {@code bytes} fields. Printing is standard base64 with padding, as JsonFormat prints.
 * Parsing accepts what JsonFormat accepts through {@code java.util.Base64}: the basic decoder, else
 * the URL-safe one; padding optional but, when present, complete; nothing after it; unused
 * trailing bits not checked.
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

  /**
   * Decodes {@code src[off, off+len)} into {@code out}, growing it; false (with {@code out.pos}
   * unchanged) when neither the standard nor the URL-safe decoder accepts it.
   */
  static boolean decode(byte[] src, int off, int len, WireWriter out) {
    out.ensure(len / 4 * 3 + 3);
    return decode(src, off, len, DECODE_STANDARD, out) || decode(src, off, len, DECODE_URL, out);
  }

  /** java.util.Base64.Decoder.decode0, non-MIME: its padding and ending rules, step for step. */
  private static boolean decode(byte[] src, int off, int len, int[] table, WireWriter out) {
    byte[] b = out.buf;
    int p = out.pos;
    int bits = 0;
    int shift = 18;
    int sp = off;
    int end = off + len;
    while (sp < end) {
      int c = src[sp++];
      int v = c >= 0 ? table[c] : -1;
      if (v < 0) {
        if (c != '=') {
          return false; // "Illegal base64 character"
        }
        // "=" at a unit start, or "xx=" without a second "=": "wrong 4-byte ending unit"
        if ((shift == 6 && (sp == end || src[sp++] != '=')) || shift == 18) {
          return false;
        }
        break;
      }
      bits |= v << shift;
      shift -= 6;
      if (shift < 0) {
        b[p++] = (byte) (bits >> 16);
        b[p++] = (byte) (bits >> 8);
        b[p++] = (byte) bits;
        shift = 18;
        bits = 0;
      }
    }
    if (shift == 6) {
      b[p++] = (byte) (bits >> 16);
    } else if (shift == 0) {
      b[p++] = (byte) (bits >> 16);
      b[p++] = (byte) (bits >> 8);
    } else if (shift == 12) {
      return false; // "Last unit does not have enough valid bits"
    }
    if (sp < end) {
      return false; // "Input byte array has incorrect ending byte"
    }
    out.pos = p;
    return true;
  }
}
