package dev.rosetta.gateway.codec;

/**
 * Strict UTF-8 validation, the same well-formedness rules (Unicode table 3-7) as Java's decoder
 * with REPORT and protobuf's {@code Utf8.isValidUtf8}: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequences.
 */
final class Utf8 {
  private Utf8() {}

  /** The end of the valid prefix: {@code end} when all of {@code [off, end)} is valid. */
  static int validPrefix(byte[] b, int off, int end) {
    int i = off;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      int n = sequenceLength(b, i, end);
      if (n <= 0) {
        return i;
      }
      i += n;
    }
    return end;
  }

  static boolean isValid(byte[] b, int off, int end) {
    return validPrefix(b, off, end) == end;
  }

  /** Length of the multi-byte sequence at {@code i} (lead byte >= 0x80), or 0 when malformed. */
  static int sequenceLength(byte[] b, int i, int end) {
    int c = b[i] & 0xFF;
    if (c < 0xC2 || c > 0xF4) {
      return 0;
    }
    if (c < 0xE0) {
      return i + 1 < end && cont(b[i + 1]) ? 2 : 0;
    }
    if (c < 0xF0) {
      if (i + 2 >= end || !cont(b[i + 2])) {
        return 0;
      }
      int c1 = b[i + 1] & 0xFF;
      boolean ok = c == 0xE0 ? c1 >= 0xA0 && c1 <= 0xBF : c == 0xED ? c1 >= 0x80 && c1 <= 0x9F : cont(b[i + 1]);
      return ok ? 3 : 0;
    }
    if (i + 3 >= end || !cont(b[i + 2]) || !cont(b[i + 3])) {
      return 0;
    }
    int c1 = b[i + 1] & 0xFF;
    boolean ok = c == 0xF0 ? c1 >= 0x90 && c1 <= 0xBF : c == 0xF4 ? c1 >= 0x80 && c1 <= 0x8F : cont(b[i + 1]);
    return ok ? 4 : 0;
  }

  private static boolean cont(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
