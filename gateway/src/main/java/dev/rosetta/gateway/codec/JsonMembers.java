package dev.rosetta.gateway.codec;

/** Finds a top-level member's value in compact, well-formed JSON printed by JsonFormat. */
final class JsonMembers {
  private JsonMembers() {}

  /** The text of the value of top-level key {@code name} in object {@code json}, or null. */
  static String value(String json, String name) {
    String key = "\"" + name + "\":";
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        if (depth == 1 && json.startsWith(key, i) && (json.charAt(i - 1) == '{' || json.charAt(i - 1) == ',')) {
          int start = i + key.length();
          return json.substring(start, end(json, start));
        }
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return null;
  }

  private static int end(String json, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth-- == 0) {
        return i;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return json.length();
  }
}
