package dev.rosetta.gateway.route;

import java.util.Map;

/**
 * An immutable string-keyed hash map that looks keys up by a region of a larger string, so that
 * matching a path segment needs no substring. Open addressing with linear probing; the hash is
 * {@link String#hashCode()}'s, computed over the region. Thread safe once built.
 *
 * @param <V> the value type
 */
final class RegionMap<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;

  RegionMap(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(1, entries.size()) * 2 - 1) << 1;
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      int i = spread(e.getKey().hashCode()) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = e.getKey();
      values[i] = e.getValue();
    }
  }

  /** The value for the key equal to {@code s[from, to)}, or null. */
  @SuppressWarnings("unchecked")
  V get(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int length = to - from;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      String key = keys[i];
      if (key == null) {
        return null;
      }
      if (key.length() == length && s.regionMatches(from, key, 0, length)) {
        return (V) values[i];
      }
    }
  }

  /**
   * The value for the percent-decoded text of {@code s[from, to)}: decodes (and allocates) only
   * when the region contains {@code '%'}.
   */
  V getDecoded(String s, int from, int to) {
    if (PercentEncoding.containsPercent(s, from, to)) {
      String decoded = PercentEncoding.decode(s, from, to, false);
      return get(decoded, 0, decoded.length());
    }
    return get(s, from, to);
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
