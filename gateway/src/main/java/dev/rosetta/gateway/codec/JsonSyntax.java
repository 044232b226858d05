package dev.rosetta.gateway.codec;

import java.nio.charset.StandardCharsets;

/**
 * Finds the first place where a document stops being RFC 8259 JSON and says what was expected
 * there: the message a client gets for a syntax error, in both codecs, instead of the parser's
 * own wording (Gson's {@code MalformedJsonException ... path $.title}). Only run once a parse has
 * failed. Iterative (a deeply nested document cannot overflow the stack). Stateless.
 *
 * <p>Example: {@code {"title": "Dune",}} gives <code>malformed JSON at "title" (line 1, column
 * 17): expected a member name in double quotes after ',', found '&#125;'</code>.
 */
final class JsonSyntax {
  private enum State { VALUE, FIRST_KEY, KEY, COLON, AFTER_MEMBER, FIRST_ELEMENT, AFTER_ELEMENT, END }

  private JsonSyntax() {}

  /** The message for the first syntax error of {@code buf[start, end)}, or null when it is valid JSON. */
  static String firstError(byte[] buf, int start, int end) {
    boolean[] inObject = new boolean[16]; // per open container: object or array
    int depth = 0;
    State state = State.VALUE;
    int i = start;
    while (true) {
      while (i < end && isSpace(buf[i])) {
        i++;
      }
      int c = i < end ? buf[i] & 0xFF : -1;
      switch (state) {
        case END -> {
          return c < 0 ? null : CodecErrors.trailingText().getMessage() + " (" + JsonLocation.lineColumn(buf, start, i) + ")";
        }
        case FIRST_KEY, KEY -> {
          if (c == '}' && state == State.FIRST_KEY) {
            i++;
            depth--;
            state = closed(depth, inObject);
            continue;
          }
          if (c != '"') {
            return error(buf, start, end, i, state == State.KEY
                ? "a member name in double quotes after ','" : "a member name in double quotes or '}'");
          }
          String bad = string(buf, start, i, end);
          if (bad != null) {
            return bad;
          }
          i = JsonLocation.stringEnd(buf, i, end) + 1;
          state = State.COLON;
        }
        case COLON -> {
          if (c != ':') {
            return error(buf, start, end, i, "':' after the member name");
          }
          i++;
          state = State.VALUE;
        }
        case AFTER_MEMBER, AFTER_ELEMENT -> {
          char close = state == State.AFTER_MEMBER ? '}' : ']';
          if (c == ',') {
            i++;
            state = state == State.AFTER_MEMBER ? State.KEY : State.VALUE;
          } else if (c == close) {
            i++;
            depth--;
            state = closed(depth, inObject);
          } else {
            return error(buf, start, end, i, "',' or '" + close + "' after the "
                + (state == State.AFTER_MEMBER ? "member's value" : "array element"));
          }
        }
        case VALUE, FIRST_ELEMENT -> {
          if (c == ']' && state == State.FIRST_ELEMENT) {
            i++;
            depth--;
            state = closed(depth, inObject);
            continue;
          }
          if (c == '{' || c == '[') {
            if (depth == inObject.length) {
              inObject = java.util.Arrays.copyOf(inObject, depth * 2);
            }
            inObject[depth++] = c == '{';
            i++;
            state = c == '{' ? State.FIRST_KEY : State.FIRST_ELEMENT;
            continue;
          }
          int after;
          if (c == '"') {
            String bad = string(buf, start, i, end);
            if (bad != null) {
              return bad;
            }
            after = JsonLocation.stringEnd(buf, i, end) + 1;
          } else if (c == '-' || (c >= '0' && c <= '9')) {
            after = number(buf, i, end);
            if (after < 0) {
              int at = -after - 1;
              return error(buf, start, end, at, "a digit in the number");
            }
          } else if (word(buf, i, end, "true") || word(buf, i, end, "false") || word(buf, i, end, "null")) {
            after = i + (c == 'f' ? 5 : 4);
          } else {
            return error(buf, start, end, i, "a JSON value (object, array, string, number, true, false or null)");
          }
          i = after;
          state = closed(depth, inObject);
        }
      }
    }
  }

  /** The state after a complete value at {@code depth}. */
  private static State closed(int depth, boolean[] inObject) {
    return depth == 0 ? State.END : inObject[depth - 1] ? State.AFTER_MEMBER : State.AFTER_ELEMENT;
  }

  /** Null when the string opening at {@code open} is well formed, else the message. */
  private static String string(byte[] buf, int start, int open, int end) {
    for (int i = open + 1; i < end; i++) {
      byte b = buf[i];
      if (b == '"') {
        return null;
      }
      if (b >= 0 && b < 0x20) {
        return error(buf, start, end, i, "a character other than a control character in the string (escape it)");
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          break;
        }
        byte e = buf[i + 1];
        if (e == 'u') {
          for (int k = i + 2; k < i + 6; k++) {
            if (k >= end || Character.digit(buf[k], 16) < 0 || buf[k] < 0) {
              return error(buf, start, end, Math.min(k, end), "four hex digits after \\u");
            }
          }
          i += 5;
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return error(buf, start, end, i + 1, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
        } else {
          i++;
        }
      }
    }
    return error(buf, start, end, end, "'\"' closing the string");
  }

  /** The offset after the number at {@code i}, or {@code -(offset of the bad byte) - 1}. */
  private static int number(byte[] buf, int i, int end) {
    if (buf[i] == '-') {
      i++;
    }
    if (i < end && buf[i] == '0') {
      i++;
    } else {
      int digits = digits(buf, i, end);
      if (digits == i) {
        return -i - 1;
      }
      i = digits;
    }
    if (i < end && buf[i] == '.') {
      int digits = digits(buf, i + 1, end);
      if (digits == i + 1) {
        return -(i + 1) - 1;
      }
      i = digits;
    }
    if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
      i++;
      if (i < end && (buf[i] == '+' || buf[i] == '-')) {
        i++;
      }
      int digits = digits(buf, i, end);
      if (digits == i) {
        return -i - 1;
      }
      i = digits;
    }
    return i;
  }

  private static int digits(byte[] buf, int i, int end) {
    while (i < end && buf[i] >= '0' && buf[i] <= '9') {
      i++;
    }
    return i;
  }

  private static boolean word(byte[] buf, int i, int end, String word) {
    if (end - i < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (buf[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String error(byte[] buf, int start, int end, int at, String expected) {
    return "malformed JSON " + JsonLocation.describe(buf, start, end, at) + ": expected " + expected
        + ", found " + found(buf, at, end);
  }

  /** What stands at {@code at}: a character in quotes, a word, or the end of the body. */
  static String found(byte[] buf, int at, int end) {
    if (at >= end) {
      return "the end of the body";
    }
    int b = buf[at] & 0xFF;
    if (Character.isLetter(b) && b < 0x80) {
      int to = at;
      while (to < end && to - at < 20 && (Character.isLetterOrDigit(buf[to]) || buf[to] == '_')) {
        to++;
      }
      return "'" + new String(buf, at, to - at, StandardCharsets.US_ASCII) + "'";
    }
    if (b >= 0x20 && b < 0x7F) {
      return "'" + (char) b + "'";
    }
    if (b >= 0x80) {
      int n = Utf8.sequenceLength(buf, at, end);
      if (n > 0) {
        return "'" + new String(buf, at, n, StandardCharsets.UTF_8) + "'";
      }
    }
    return String.format("byte 0x%02x", b);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
