package dev.rosetta.gateway.codec;

/**
 * Parses a JSON array into a repeated field (JsonFormat's mergeRepeatedField): written packed when
 * the field is packed (one length-delimited run, none for an empty array), element by element
 * otherwise. A null element is an error except for {@code Value} and {@code NullValue}, and is
 * dropped for an enum when unknown fields are ignored (JsonFormat's null for an unknown name).
 */
final class RepeatedParser {
  private RepeatedParser() {}

  /** Returns whether at least one element was written. */
  static boolean repeated(JsonToWire p, FieldPlan field, int depth) throws CodecException {
    JsonInput in = p.in;
    WireWriter out = p.out;
    if (in.peek() != '[') {
      throw p.expected("a JSON array");
    }
    in.pos++;
    if (in.empty(']')) {
      return false;
    }
    boolean packed = field.packed;
    int tagAt = out.pos;
    int start = 0;
    if (packed) {
      out.tag(field.packedTag);
      start = out.beginLength();
    }
    int count = 0;
    do {
      if (in.isNull()) {
        in.scalar();
        boolean nullableEnum = field.enumPlan != null && !field.enumPlan.nullValue && p.ignoreUnknown;
        if (!nullableEnum && !(field.isMessage() && field.message().wkt == Wkt.VALUE)
            && !(field.enumPlan != null && field.enumPlan.nullValue)) {
          throw new CodecException("array elements cannot be null");
        }
        if (!nullableEnum) {
          if (!packed) {
            out.tag(field.tag);
          }
          p.nullValue(field, false);
          count++;
        }
      } else if (field.isMessage()) {
        p.nested(field, depth);
        count++;
      } else if (p.scalar(field, true, !packed)) {
        count++;
      }
    } while (in.more(']'));
    if (packed) {
      if (out.pos == start) {
        out.pos = tagAt;
        return false;
      }
      out.endLength(start);
      return true;
    }
    return count > 0;
  }
}
