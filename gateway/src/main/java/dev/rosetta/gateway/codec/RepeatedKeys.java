package dev.rosetta.gateway.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** The error path's check for keys repeated verbatim, over a whole document. */
final class RepeatedKeys {
  private RepeatedKeys() {}

  /**
   * Whether any object in the whole document repeats a key verbatim (after unescaping). Only
   * asked on the error path: Gson keeps the last of such values, so a value this codec rejected
   * may never have reached JsonFormat, and the call must be redone by the reference.
   */
  static boolean in(JsonInput in) {
    int saved = in.pos;
    try {
      in.pos = in.start;
      Deque<Set<String>> objects = new ArrayDeque<>();
      Deque<Boolean> isObject = new ArrayDeque<>();
      while (in.peek() != -1) {
        int c = in.buf[in.pos] & 0xFF;
        if (c == '{') {
          objects.push(new HashSet<>());
          isObject.push(true);
          in.pos++;
        } else if (c == '[') {
          isObject.push(false);
          in.pos++;
        } else if (c == '}' || c == ']') {
          if (isObject.isEmpty()) {
            return false;
          }
          if (isObject.pop()) {
            objects.pop();
          }
          in.pos++;
        } else if (c == ',' || c == ':') {
          in.pos++;
        } else {
          in.scalar();
          if (in.kind == JsonInput.STRING && !isObject.isEmpty() && isObject.peek() && in.peek() == ':') {
            if (!objects.peek().add(in.textString())) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (CodecException | NeedsReference e) {
      return false;
    } finally {
      in.pos = saved;
    }
  }
}
