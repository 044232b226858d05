package dev.rosetta.gateway.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an offset falls in a JSON document, as a client reads it: the path of keys as the client
 * spelled them and array indices ({@code book.authors[1].name}), and the line and column. Only
 * computed for an error, by scanning the document from its start, so the parsers carry no path on
 * their hot path. Stateless.
 *
 * <p>The path at an offset is the path of the value being read there: inside an object, the last
 * key read names it until the next {@code ','}; inside an array, the commas counted give the
 * index. So an error raised right after a key, or anywhere in or right after its value, names
 * that key. The scan tolerates malformed JSON (it is also used for syntax errors).
 */
final class JsonLocation {
  private JsonLocation() {}

  /** {@code at "book.title" (line 1, column 12)}, or {@code at line 1, column 1} at the top level. */
  static String describe(byte[] buf, int start, int end, int at) {
    String path = path(buf, start, end, at);
    return (path.isEmpty() ? "at " : "at \"" + path + "\" (") + lineColumn(buf, start, at)
        + (path.isEmpty() ? "" : ")");
  }

  /** {@code line 1, column 12}: lines counted from 1 at each LF, columns in characters from 1. */
  static String lineColumn(byte[] buf, int start, int at) {
    int line = 1;
    int column = 1;
    for (int i = start; i < at; i++) {
      byte b = buf[i];
      if (b == '\n') {
        line++;
        column = 1;
      } else if ((b & 0xC0) != 0x80) {
        column++; // a UTF-8 continuation byte does not start a character
      }
    }
    return "line " + line + ", column " + column;
  }

  /** The path of the value at {@code at}; empty at the top level. */
  static String path(byte[] buf, int start, int end, int at) {
    List<Object> frames = new ArrayList<>(); // per open container: a String key (or null) or an Integer index
    List<Boolean> objects = new ArrayList<>();
    boolean expectKey = false;
    int limit = Math.min(at, end);
    for (int i = start; i < limit; i++) {
      byte b = buf[i];
      int top = frames.size() - 1;
      switch (b) {
        case '"' -> {
          int close = stringEnd(buf, i, end);
          if (top >= 0 && objects.get(top) && expectKey) {
            frames.set(top, unescape(buf, i + 1, Math.min(close, end)));
            expectKey = false;
          }
          i = close; // the closing quote (or the end)
        }
        case '{' -> {
          frames.add(null);
          objects.add(true);
          expectKey = true;
        }
        case '[' -> {
          frames.add(0);
          objects.add(false);
        }
        case '}', ']' -> {
          if (top >= 0) {
            frames.remove(top);
            objects.remove(top);
          }
          expectKey = false;
        }
        case ',' -> {
          if (top >= 0 && objects.get(top)) {
            frames.set(top, null);
            expectKey = true;
          } else if (top >= 0) {
            frames.set(top, (Integer) frames.get(top) + 1);
          }
        }
        default -> { }
      }
    }
    StringBuilder path = new StringBuilder();
    for (Object frame : frames) {
      if (frame instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else if (frame instanceof String key) {
        if (isIdentifier(key)) {
          path.append(path.length() == 0 ? "" : ".").append(key);
        } else {
          path.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        }
      } else {
        break; // an object before its next key: the path ends here
      }
    }
    // A document nested a hundred deep would give a path longer than the message around it.
    return path.length() <= 120 ? path.toString()
        : path.substring(0, 50) + "..." + path.substring(path.length() - 50);
  }

  /** The index of the quote closing the string opening at {@code open}, or {@code end}. */
  static int stringEnd(byte[] buf, int open, int end) {
    for (int i = open + 1; i < end; i++) {
      if (buf[i] == '\\') {
        i++;
      } else if (buf[i] == '"') {
        return i;
      }
    }
    return end;
  }

  /** The key as text; escapes other than the common ones are kept as written (it is only shown). */
  private static String unescape(byte[] buf, int from, int to) {
    String raw = new String(buf, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    return raw.replace("\\\"", "\"").replace("\\/", "/").replace("\\\\", "\\");
  }

  private static boolean isIdentifier(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = c == '_' || c == '@' && i == 0 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
