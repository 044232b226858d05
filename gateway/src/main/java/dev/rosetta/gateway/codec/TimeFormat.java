package dev.rosetta.gateway.codec;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import java.text.ParseException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Timestamp and Duration text, as protobuf-java-util's {@code Timestamps} and {@code Durations}
 * print and parse it (proto3 JSON mapping: RFC 3339 with 0, 3, 6 or 9 fractional digits and
 * {@code Z}; durations as seconds with an {@code s}). Canonical text is handled here; anything
 * else is handed to the library's own parser, whose leniency (SimpleDateFormat) is not worth
 * re-implementing, so the accepted set is the reference's by construction.
 */
final class TimeFormat {
  static final long TIMESTAMP_MIN = -62135596800L; // 0001-01-01T00:00:00Z
  static final long TIMESTAMP_MAX = 253402300799L; // 9999-12-31T23:59:59Z
  static final long DURATION_MAX = 315576000000L;

  private TimeFormat() {}

  static boolean validTimestamp(long seconds, int nanos) {
    return seconds >= TIMESTAMP_MIN && seconds <= TIMESTAMP_MAX && nanos >= 0 && nanos < 1_000_000_000;
  }

  static boolean validDuration(long seconds, int nanos) {
    return seconds >= -DURATION_MAX && seconds <= DURATION_MAX && nanos > -1_000_000_000 && nanos < 1_000_000_000
        && !(seconds < 0 && nanos > 0) && !(seconds > 0 && nanos < 0);
  }

  static void printTimestamp(JsonOutput out, long seconds, int nanos) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    out.raw((byte) '"');
    digits(out, t.getYear(), 4);
    out.raw((byte) '-');
    digits(out, t.getMonthValue(), 2);
    out.raw((byte) '-');
    digits(out, t.getDayOfMonth(), 2);
    out.raw((byte) 'T');
    digits(out, t.getHour(), 2);
    out.raw((byte) ':');
    digits(out, t.getMinute(), 2);
    out.raw((byte) ':');
    digits(out, t.getSecond(), 2);
    nanos(out, nanos);
    out.ascii("Z\"");
  }

  static void printDuration(JsonOutput out, long seconds, int nanos) {
    out.raw((byte) '"');
    if (seconds < 0 || nanos < 0) {
      out.raw((byte) '-');
      seconds = -seconds;
      nanos = -nanos;
    }
    out.int64(seconds);
    nanos(out, nanos);
    out.ascii("s\"");
  }

  /** Timestamps.formatNanos: none, or 3, 6 or 9 digits. */
  private static void nanos(JsonOutput out, int nanos) {
    if (nanos == 0) {
      return;
    }
    out.raw((byte) '.');
    if (nanos % 1_000_000 == 0) {
      digits(out, nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      digits(out, nanos / 1_000, 6);
    } else {
      digits(out, nanos, 9);
    }
  }

  private static void digits(JsonOutput out, int v, int width) {
    for (int p = pow10(width - 1); p > 0; p /= 10) {
      out.raw((byte) ('0' + v / p % 10));
    }
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /** Parses a timestamp into {@code result[0]} seconds and {@code result[1]} nanos; false when invalid. */
  static boolean parseTimestamp(String s, long[] result) {
    if (canonicalTimestamp(s, result)) {
      return true;
    }
    try {
      com.google.protobuf.Timestamp t = Timestamps.parse(s);
      result[0] = t.getSeconds();
      result[1] = t.getNanos();
      return true;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with in-range fields; false means "ask Timestamps". */
  private static boolean canonicalTimestamp(String s, long[] result) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return false;
    }
    int year = num(s, 0, 4);
    int month = num(s, 5, 2);
    int day = num(s, 8, 2);
    int hour = num(s, 11, 2);
    int minute = num(s, 14, 2);
    int second = num(s, 17, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59
        || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return false;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int digits = 0;
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        digits++;
        i++;
      }
      if (digits < 1 || digits > 9) {
        return false;
      }
      for (int d = digits; d < 9; d++) {
        nanos *= 10;
      }
    }
    long seconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    if (i == n - 1 && s.charAt(i) == 'Z') {
      // no offset
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int h = num(s, i + 1, 2);
      int m = num(s, i + 4, 2);
      if (h < 0 || m < 0) {
        return false;
      }
      long offset = (h * 60L + m) * 60L;
      seconds = s.charAt(i) == '+' ? seconds - offset : seconds + offset;
    } else {
      return false;
    }
    if (!validTimestamp(seconds, nanos)) {
      return false; // let Timestamps.parse reject it with its own rules
    }
    result[0] = seconds;
    result[1] = nanos;
    return true;
  }

  private static int num(String s, int at, int len) {
    int v = 0;
    for (int i = at; i < at + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1_000_000;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Parses a duration into {@code result}; false when invalid. */
  static boolean parseDuration(String s, long[] result) {
    if (canonicalDuration(s, result)) {
      return true;
    }
    try {
      com.google.protobuf.Duration d = Durations.parse(s);
      result[0] = d.getSeconds();
      result[1] = d.getNanos();
      return true;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /** {@code -?\d{1,12}(\.\d{1,9})?s} within range; false means "ask Durations". */
  private static boolean canonicalDuration(String s, long[] result) {
    int n = s.length();
    if (n < 2 || s.charAt(n - 1) != 's') {
      return false;
    }
    int i = 0;
    boolean negative = s.charAt(0) == '-';
    if (negative) {
      i++;
    }
    long seconds = 0;
    int intDigits = 0;
    while (i < n - 1 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      seconds = seconds * 10 + (s.charAt(i++) - '0');
      intDigits++;
    }
    if (intDigits < 1 || intDigits > 12) {
      return false;
    }
    int nanos = 0;
    if (s.charAt(i) == '.') {
      i++;
      int digits = 0;
      while (i < n - 1 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        nanos = nanos * 10 + (s.charAt(i++) - '0');
        digits++;
      }
      if (digits < 1 || digits > 9) {
        return false;
      }
      for (int d = digits; d < 9; d++) {
        nanos *= 10;
      }
    }
    if (i != n - 1 || seconds > DURATION_MAX) {
      return false;
    }
    result[0] = negative ? -seconds : seconds;
    result[1] = negative ? -nanos : nanos;
    return true;
  }
}
