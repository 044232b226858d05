package dev.rosetta.gateway.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict RFC 8259 tokenizer over UTF-8 bytes, pulled by the parser one token at a time.
 *
 * <p>JsonFormat reads with Gson's lenient reader (comments, single quotes, unquoted names,
 * trailing content...). Rather than reproduce that leniency, anything outside strict JSON throws
 * {@link NeedsReference} and the call is redone by the reference codec, so the set of accepted
 * documents is exactly the reference's. Invalid UTF-8 inside strings is rejected here, as the
 * reference rejects it before parsing. Not thread safe: one per call.
 */
final class JsonInput {
  static final int STRING = 1;
  static final int NUMBER = 2;
  static final int TRUE = 3;
  static final int FALSE = 4;
  static final int NULL = 5;
  private static final byte[] TRUE_TEXT = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE_TEXT = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_TEXT = "null".getBytes(StandardCharsets.US_ASCII);

  byte[] buf;
  int pos;
  int end;
  int start;

  /** Where the last scalar or key read starts (its opening quote for a string). */
  int tokenStart;
  /** The last scalar read: its kind and its text (string content unescaped, or the literal). */
  int kind;
  byte[] text;
  int textOff;
  int textLen;
  private byte[] scratch = new byte[64];
  private byte[] skipStack = new byte[16];

  void reset(byte[] bytes, int off, int len) {
    buf = bytes;
    pos = off;
    start = off;
    end = off + len;
  }

  static NeedsReference syntax() {
    return NeedsReference.INSTANCE;
  }

  /** The next non-whitespace byte (unsigned), or -1 at the end; pos is left on it. */
  int peek() {
    while (pos < end) {
      byte b = buf[pos];
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        pos++;
      } else {
        return b & 0xFF;
      }
    }
    return -1;
  }

  void expect(char c) {
    if (peek() != c) {
      throw syntax();
    }
    pos++;
  }

  /** After a value in an object or array: true on ',', false on {@code close}. */
  boolean more(char close) {
    int c = peek();
    pos++;
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw syntax();
  }

  /** Consumes {@code close} when it comes next (an empty object or array). */
  boolean empty(char close) {
    if (peek() == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** Only whitespace may follow the document: Gson's reader would ignore the rest, we refuse it. */
  void requireEnd() throws CodecException {
    if (peek() != -1) {
      throw CodecErrors.trailingText();
    }
  }

  /** A string, then ':' — an object key. */
  void key() throws CodecException {
    if (peek() != '"') {
      throw syntax();
    }
    tokenStart = pos;
    string();
    expect(':');
  }

  /** Reads a string, number or literal; '{' and '[' are the caller's business. */
  void scalar() throws CodecException {
    int c = peek();
    tokenStart = pos;
    switch (c) {
      case '"' -> string();
      case 't' -> literal(TRUE_TEXT, TRUE);
      case 'f' -> literal(FALSE_TEXT, FALSE);
      case 'n' -> literal(NULL_TEXT, NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw syntax();
        }
      }
    }
  }

  boolean isNull() {
    return peek() == 'n';
  }

  private void literal(byte[] word, int k) {
    if (end - pos < word.length || !Arrays.equals(buf, pos, pos + word.length, word, 0, word.length)) {
      throw syntax();
    }
    pos += word.length;
    kind = k;
    text = word;
    textOff = 0;
    textLen = word.length;
  }

  private void number() {
    int s = pos;
    if (buf[pos] == '-') {
      pos++;
    }
    if (pos < end && buf[pos] == '0') {
      pos++;
    } else if (!digits()) {
      throw syntax();
    }
    if (pos < end && buf[pos] == '.') {
      pos++;
      if (!digits()) {
        throw syntax();
      }
    }
    if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
      pos++;
      if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
        pos++;
      }
      if (!digits()) {
        throw syntax();
      }
    }
    kind = NUMBER;
    text = buf;
    textOff = s;
    textLen = pos - s;
  }

  private boolean digits() {
    int s = pos;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      pos++;
    }
    return pos > s;
  }

  /** pos on the opening quote. */
  void string() throws CodecException {
    int s = ++pos;
    while (pos < end) {
      byte b = buf[pos];
      if (b == '"') {
        kind = STRING;
        text = buf;
        textOff = s;
        textLen = pos - s;
        pos++;
        return;
      }
      if (b == '\\') {
        escapedString(s);
        return;
      }
      if (b >= 0 && b < 0x20) {
        throw syntax();
      }
      pos += b >= 0 ? 1 : utf8(pos);
    }
    throw syntax();
  }

  private int utf8(int at) throws CodecException {
    int n = Utf8.sequenceLength(buf, at, end);
    if (n == 0) {
      throw new CodecException("request body is not valid UTF-8");
    }
    return n;
  }

  private void escapedString(int s) throws CodecException {
    int n = 0;
    int i = s;
    while (true) {
      if (i >= end) {
        throw syntax();
      }
      byte b = buf[i];
      if (scratch.length < n + 8) {
        scratch = Arrays.copyOf(scratch, scratch.length * 2 + 8);
      }
      if (b == '"') {
        break;
      }
      if (b >= 0 && b < 0x20) {
        throw syntax();
      }
      if (b != '\\') {
        int len = b >= 0 ? 1 : utf8(i);
        for (int k = 0; k < len; k++) {
          scratch[n++] = buf[i + k];
        }
        i += len;
        continue;
      }
      if (i + 1 >= end) {
        throw syntax();
      }
      byte e = buf[i + 1];
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> scratch[n++] = e;
        case 'b' -> scratch[n++] = '\b';
        case 'f' -> scratch[n++] = '\f';
        case 'n' -> scratch[n++] = '\n';
        case 'r' -> scratch[n++] = '\r';
        case 't' -> scratch[n++] = '\t';
        case 'u' -> {
          int cp = hex4(i);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && buf[i] == '\\' && buf[i + 1] == 'u') {
            int low = hex4(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = '?'; // a lone surrogate: String.getBytes(UTF_8), which protobuf falls back to, writes '?'
          }
          n = encode(cp, n);
        }
        default -> throw syntax();
      }
    }
    kind = STRING;
    text = scratch;
    textOff = 0;
    textLen = n;
    pos = i + 1;
  }

  private int hex4(int at) {
    if (at + 4 > end) {
      throw syntax();
    }
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      int d = Character.digit(buf[k], 16);
      if (d < 0 || buf[k] < 0) {
        throw syntax();
      }
      v = v << 4 | d;
    }
    return v;
  }

  private int encode(int cp, int n) {
    if (cp < 0x80) {
      scratch[n++] = (byte) cp;
    } else if (cp < 0x800) {
      scratch[n++] = (byte) (0xC0 | cp >> 6);
      scratch[n++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      scratch[n++] = (byte) (0xE0 | cp >> 12);
      scratch[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      scratch[n++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      scratch[n++] = (byte) (0xF0 | cp >> 18);
      scratch[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      scratch[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      scratch[n++] = (byte) (0x80 | (cp & 0x3F));
    }
    return n;
  }

  String textString() {
    return new String(text, textOff, textLen, StandardCharsets.UTF_8);
  }

  /** Skips one value of any shape, iteratively (no recursion, so no depth limit is needed here). */
  void skipValue() throws CodecException {
    int depth = 0;
    while (true) {
      int c = peek();
      if (c == '{' || c == '[') {
        pos++;
        if (empty(c == '{' ? '}' : ']')) {
          // an empty container is a complete value
        } else {
          if (depth == skipStack.length) {
            skipStack = Arrays.copyOf(skipStack, depth * 2);
          }
          skipStack[depth++] = (byte) c;
          if (c == '{') {
            key();
          }
          continue;
        }
      } else {
        scalar();
      }
      while (true) {
        if (depth == 0) {
          return;
        }
        byte open = skipStack[depth - 1];
        if (more(open == '{' ? '}' : ']')) {
          if (open == '{') {
            key();
          }
          break;
        }
        depth--;
      }
    }
  }

  /**
   * The JSON value starting at {@code at} as written, for error messages: {@code {"a":1}}, cut
   * after 40 bytes ({@code {"a":"long...}); "the end of the body" at the end.
   */
  String excerpt(int at) {
    if (at >= end) {
      return "the end of the body";
    }
    int to = at;
    int depth = 0;
    boolean inString = false;
    while (to < end && to - at < 40) {
      byte b = buf[to++];
      if (inString) {
        if (b == '\\') {
          to++;
        } else if (b == '"') {
          inString = false;
          if (depth == 0) {
            break;
          }
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']' || (depth == 0 && (b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t'))) {
        if (depth == 0) {
          to--; // a delimiter after a bare value
          break;
        }
        if (--depth == 0 && b != ',') {
          break;
        }
      }
    }
    boolean cut = to - at >= 40 && (depth > 0 || inString);
    to = Math.min(to, end);
    while (to < end && (buf[to] & 0xC0) == 0x80) {
      to++; // never cut a UTF-8 sequence
    }
    return new String(buf, at, Math.max(0, to - at), StandardCharsets.UTF_8) + (cut ? "..." : "");
  }
}
