package dev.rosetta.gateway.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value parsers: durations like {@code 500ms} and sizes like {@code 16MiB}. */
final class Converters {
  private Converters() {}

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
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
      throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 30s, 2m, 1h or 0");
    }
  }

  static final class SizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
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
      throw new TypeConversionException("'" + value + "' is not a size: use bytes or KiB/MiB, e.g. 1048576 or 16MiB (at most 2047MiB)");
    }
  }
}
