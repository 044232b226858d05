package dev.rosetta.gateway.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * JSON scalar text to protobuf values, accepting exactly what JsonFormat's ParserImpl accepts.
 * JsonFormat converts {@code getAsString()} of the JSON element, so a number literal, a string
 * and a boolean literal are all just text here. Fast paths cover plain decimal text and give the
 * same result as the library call they stand for; everything else makes the String and calls the
 * very same JDK function the reference calls ({@code Integer.parseInt}, {@code new BigDecimal},
 * {@code Double.parseDouble}), so odd inputs ("+1", "1e2", "1.0", " 1", "0x1p3") agree by
 * construction. A failed conversion throws {@link NumberFormatException}.
 */
final class ScalarText {
  private static final BigDecimal MORE_THAN_ONE = new BigDecimal(String.valueOf(1.0 + 1e-6));
  private static final BigDecimal MAX_DOUBLE = new BigDecimal(String.valueOf(Double.MAX_VALUE)).multiply(MORE_THAN_ONE);
  private static final BigDecimal MIN_DOUBLE = new BigDecimal(String.valueOf(-Double.MAX_VALUE)).multiply(MORE_THAN_ONE);
  private static final double FLOAT_LIMIT = Float.MAX_VALUE * (1.0 + 1e-6);
  private static final BigInteger MAX_UINT64 = new BigInteger("FFFFFFFFFFFFFFFF", 16);
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private ScalarText() {}

  static final NumberFormatException INVALID = new NumberFormatException("invalid") {
    private static final long serialVersionUID = 1L;

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  /** {@code [+-]?[0-9]{1,18}} as a long, or {@code Long.MIN_VALUE} when the text is not of that form. */
  private static long plain(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    int digits = end - i;
    if (digits < 1 || digits > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  private static String str(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** parseInt32: Integer.parseInt, else BigDecimal.intValueExact. */
  static int int32(byte[] b, int off, int len) {
    long v = plain(b, off, len);
    if (v != Long.MIN_VALUE) {
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw INVALID;
      }
      return (int) v;
    }
    String s = str(b, off, len);
    try {
      return Integer.parseInt(s);
    } catch (RuntimeException e) {
      try {
        return new BigDecimal(s).intValueExact();
      } catch (RuntimeException e2) {
        throw INVALID;
      }
    }
  }

  /** parseInt64: Long.parseLong, else BigDecimal.longValueExact. */
  static long int64(byte[] b, int off, int len) {
    long v = plain(b, off, len);
    if (v != Long.MIN_VALUE) {
      return v;
    }
    String s = str(b, off, len);
    try {
      return Long.parseLong(s);
    } catch (RuntimeException e) {
      try {
        return new BigDecimal(s).longValueExact();
      } catch (RuntimeException e2) {
        throw INVALID;
      }
    }
  }

  /** parseUint32: Long.parseLong in [0, 2^32), else BigDecimal.toBigIntegerExact in range. */
  static int uint32(byte[] b, int off, int len) {
    long v = plain(b, off, len);
    if (v == Long.MIN_VALUE) {
      String s = str(b, off, len);
      try {
        v = Long.parseLong(s);
      } catch (RuntimeException e) {
        BigInteger big = exactInteger(s);
        if (big.signum() < 0 || big.bitLength() > 32) {
          throw INVALID;
        }
        return big.intValue();
      }
    }
    if (v < 0 || v > 0xFFFFFFFFL) {
      throw INVALID;
    }
    return (int) v;
  }

  /** parseUint64: BigDecimal.toBigIntegerExact in [0, 2^64). */
  static long uint64(byte[] b, int off, int len) {
    long v = plain(b, off, len);
    if (v != Long.MIN_VALUE) {
      if (v < 0) {
        throw INVALID;
      }
      return v;
    }
    BigInteger big = exactInteger(str(b, off, len));
    if (big.signum() < 0 || big.compareTo(MAX_UINT64) > 0) {
      throw INVALID;
    }
    return big.longValue();
  }

  /**
   * {@code new BigDecimal(s).toBigIntegerExact()}, refusing values of more than 40 digits before
   * computing them: "1e999999999" would otherwise build a billion-digit integer (the reference
   * would; it is out of every range anyway).
   */
  private static BigInteger exactInteger(String s) {
    try {
      BigDecimal d = new BigDecimal(s);
      if (d.signum() != 0 && (long) d.precision() - d.scale() > 40) {
        throw INVALID;
      }
      return d.toBigIntegerExact();
    } catch (RuntimeException e) {
      throw INVALID;
    }
  }

  static boolean bool(byte[] b, int off, int len) {
    if (equals(b, off, len, "true")) {
      return true;
    }
    if (equals(b, off, len, "false")) {
      return false;
    }
    throw INVALID;
  }

  static boolean equals(byte[] b, int off, int len, String ascii) {
    if (len != ascii.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[off + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** "NaN", "Infinity", "-Infinity", or 0 when the text is none of them. */
  private static double special(byte[] b, int off, int len) {
    if (equals(b, off, len, "NaN")) {
      return Double.NaN;
    }
    if (equals(b, off, len, "Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (equals(b, off, len, "-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0;
  }

  /** parseFloat: specials, else Double.parseDouble within Float range (+1e-6), cast to float. */
  static float float32(byte[] b, int off, int len) {
    double special = special(b, off, len);
    if (special != 0) {
      return (float) special;
    }
    double d = fastDecimal(b, off, len, true);
    if (Double.isNaN(d)) {
      try {
        d = Double.parseDouble(str(b, off, len));
      } catch (RuntimeException e) {
        throw INVALID;
      }
    }
    if (d > FLOAT_LIMIT || d < -FLOAT_LIMIT) {
      throw INVALID;
    }
    return (float) d;
  }

  /** parseDouble: specials, else new BigDecimal within Double range (+1e-6), doubleValue. */
  static double float64(byte[] b, int off, int len) {
    double special = special(b, off, len);
    if (special != 0) {
      return special;
    }
    double d = fastDecimal(b, off, len, false);
    if (!Double.isNaN(d)) {
      return d;
    }
    try {
      BigDecimal v = new BigDecimal(str(b, off, len));
      if (v.compareTo(MAX_DOUBLE) > 0 || v.compareTo(MIN_DOUBLE) < 0) {
        throw INVALID;
      }
      return v.doubleValue();
    } catch (RuntimeException e) {
      throw INVALID;
    }
  }

  /**
   * {@code -?\d+(\.\d+)?} with at most 15 digits, as one correctly rounded division m / 10^s —
   * what both Double.parseDouble and BigDecimal.doubleValue compute for such text. Only the sign of
   * zero differs: parseDouble keeps "-0" negative, BigDecimal makes it +0.0 ({@code keepNegativeZero}
   * chooses). NaN when the text is not of that form.
   */
  private static double fastDecimal(byte[] b, int off, int len, boolean keepNegativeZero) {
    int i = off;
    int end = off + len;
    boolean negative = i < end && b[i] == '-';
    if (negative) {
      i++;
    }
    long m = 0;
    int digits = 0;
    int scale = -1;
    for (; i < end; i++) {
      int c = b[i];
      if (c == '.' && scale < 0 && digits > 0) {
        scale = 0;
        continue;
      }
      int d = c - '0';
      if (d < 0 || d > 9) {
        return Double.NaN;
      }
      m = m * 10 + d;
      digits++;
      if (scale >= 0) {
        scale++;
      }
    }
    if (digits == 0 || digits > 15 || scale == 0) {
      return Double.NaN;
    }
    double v = scale > 0 ? m / POW10[scale] : m;
    return negative ? (keepNegativeZero || m != 0 ? -v : v) : v;
  }
}
