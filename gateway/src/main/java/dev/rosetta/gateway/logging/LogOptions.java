package dev.rosetta.gateway.logging;

import ch.qos.logback.classic.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the process logs: the line format on standard error and the level of each logger.
 * Immutable.
 *
 * @param format {@link Format#TEXT} (one line per event, for people) or {@link Format#JSON} (one
 *     JSON object per line, for log shippers)
 * @param levels logger name → level, applied in order; {@link #ROOT} names the root logger. The
 *     defaults come first, so a later entry for the same name wins
 */
public record LogOptions(Format format, Map<String, Level> levels) {
  /** The name that stands for the root logger in {@link #levels}. */
  public static final String ROOT = "root";

  /** The line format. */
  public enum Format {
    TEXT, JSON;

    /** {@code text} or {@code json}, in any case. */
    public static Format parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("log format must be text or json, not \"" + name + "\"", e);
      }
    }
  }

  public LogOptions {
    levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
  }

  /**
   * INFO for everything but Netty and grpc-java, whose INFO and FINE lines describe their own
   * internals (connection states, buffer pools) rather than anything an operator acts on.
   */
  public static LogOptions defaults() {
    return new LogOptions(Format.TEXT, defaultLevels());
  }

  private static Map<String, Level> defaultLevels() {
    Map<String, Level> levels = new LinkedHashMap<>();
    levels.put(ROOT, Level.INFO);
    levels.put("io.netty", Level.WARN);
    levels.put("io.grpc", Level.WARN);
    return levels;
  }

  /**
   * The defaults with {@code specs} laid over them. A spec is {@code logger=level} ({@code
   * dev.rosetta=debug}) or a bare level for the root logger ({@code debug}); levels are trace,
   * debug, info, warn, error and off.
   *
   * @throws IllegalArgumentException naming the spec that is not one
   */
  public static LogOptions of(Format format, List<String> specs) {
    Map<String, Level> levels = defaultLevels();
    for (String raw : specs) {
      String spec = raw.trim();
      if (spec.isEmpty()) {
        continue;
      }
      int eq = spec.lastIndexOf('=');
      String logger = eq < 0 ? ROOT : spec.substring(0, eq).trim();
      String level = eq < 0 ? spec : spec.substring(eq + 1).trim();
      if (logger.isEmpty()) {
        throw new IllegalArgumentException("log level \"" + spec + "\" names no logger: use logger=level, e.g. dev.rosetta=debug");
      }
      levels.remove(logger); // re-inserted last, so it is applied after the defaults
      levels.put(logger, parseLevel(level, spec));
    }
    return new LogOptions(format, levels);
  }

  private static Level parseLevel(String level, String spec) {
    Level parsed = Level.toLevel(level, null);
    // toLevel also knows ALL; the flag offers the names operators use.
    if (parsed == null || parsed == Level.ALL) {
      throw new IllegalArgumentException("log level \"" + spec + "\": \"" + level
          + "\" is not one of trace, debug, info, warn, error, off");
    }
    return parsed;
  }
}
