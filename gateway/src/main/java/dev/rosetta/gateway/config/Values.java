package dev.rosetta.gateway.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The value grammars flags and the configuration file share:
 *
 * <pre>
 * duration = "0" / 1*DIGIT ("ms" / "s" / "m" / "h")        ; 500ms, 30s, 2m, 1h
 * size     = 1*DIGIT [ "KiB" / "MiB" / "GiB" ]             ; 1048576, 512KiB, 16MiB
 * </pre>
 */
public final class Values {
  private Values() {}

  public static Duration duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.equals("0")) {
        return Duration.ZERO;
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      switch (v.charAt(v.length() - 1)) {
        case 's': return Duration.ofSeconds(amount);
        case 'm': return Duration.ofMinutes(amount);
        case 'h': return Duration.ofHours(amount);
        default: break;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("'" + value + "' is not a duration: use e.g. 500ms, 30s, 2m, 1h or 0");
  }

  public static int size(String value) {
    String v = value.trim();
    long unit = 1;
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.endsWith("kib")) {
      unit = 1 << 10;
    } else if (lower.endsWith("mib")) {
      unit = 1 << 20;
    } else if (lower.endsWith("gib")) {
      unit = 1 << 30;
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 3);
    try {
      long bytes = Long.parseLong(digits.trim()) * unit;
      if (bytes > 0 && bytes <= Integer.MAX_VALUE - 1024) {
        return (int) bytes;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not a size: use bytes or KiB/MiB, e.g. 1048576 or 16MiB (at most 2047MiB)");
  }
}
