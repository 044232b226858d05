package dev.rosetta.gateway.openapi;

import dev.rosetta.gateway.status.JsonStrings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document as plain maps, lists, strings, numbers and booleans, and its two renderings.
 * YAML is written in block style with every string double-quoted (JSON's escapes are YAML's), so
 * no value can be misread as a number, a boolean or a null.
 */
final class Tree {
  private Tree() {}

  /** An ordered map from alternating keys and values. */
  static Map<String, Object> obj(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static String json(Object value) {
    StringBuilder out = new StringBuilder(64 * 1024);
    json(value, out);
    return out.toString();
  }

  private static void json(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String comma = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(comma);
        JsonStrings.quote((String) e.getKey(), out);
        out.append(':');
        json(e.getValue(), out);
        comma = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String comma = "";
      for (Object item : list) {
        out.append(comma);
        json(item, out);
        comma = ",";
      }
      out.append(']');
    } else if (value instanceof String s) {
      JsonStrings.quote(s, out);
    } else {
      out.append(value); // Number or Boolean
    }
  }

  static String yaml(Object value) {
    StringBuilder out = new StringBuilder(64 * 1024);
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      yamlMap(map, 0, out);
    } else {
      json(value, out);
      out.append('\n');
    }
    return out.toString();
  }

  private static void yamlMap(Map<?, ?> map, int indent, StringBuilder out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(" ".repeat(indent));
      JsonStrings.quote((String) e.getKey(), out);
      out.append(':');
      yamlValue(e.getValue(), indent, out);
    }
  }

  private static void yamlValue(Object value, int indent, StringBuilder out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      out.append('\n');
      yamlMap(map, indent + 2, out);
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      out.append('\n');
      for (Object item : list) {
        out.append(" ".repeat(indent)).append("-");
        if (item instanceof Map<?, ?> m && !m.isEmpty()) {
          // The first key on the dash's line, the rest aligned under it.
          StringBuilder nested = new StringBuilder();
          yamlMap(m, indent + 2, nested);
          out.append(' ').append(nested, indent + 2, nested.length());
        } else {
          yamlValue(item, indent + 2, out);
        }
      }
    } else {
      out.append(' ');
      json(value, out); // scalars, {} and []: JSON flow style is valid YAML
      out.append('\n');
    }
  }
}
