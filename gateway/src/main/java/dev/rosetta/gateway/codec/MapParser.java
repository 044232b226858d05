package dev.rosetta.gateway.codec;

/**
 * Parses a JSON object into map entries (JsonFormat's mergeMapField): each key converted from its
 * text as the key type requires ({@code "1"} for an int32 key, {@code "true"} for a bool key), each
 * value as the value type requires; an entry's default key or value is left out, as
 * DynamicMessage does. A null value is an error except for {@code Value}, {@code NullValue}, and
 * enums when unknown fields are ignored (the entry is dropped).
 */
final class MapParser {
  private MapParser() {}

  /** Returns whether at least one entry was written. */
  static boolean map(JsonToWire p, FieldPlan field, int depth) throws CodecException {
    JsonInput in = p.in;
    WireWriter out = p.out;
    if (in.peek() != '{') {
      throw p.expected("a JSON object of map entries");
    }
    in.pos++;
    if (in.empty('}')) {
      return false;
    }
    MessagePlan entry = field.message();
    FieldPlan key = entry.field(1);
    FieldPlan value = entry.field(2);
    int mark = p.mapKeys.mark();
    boolean any = false;
    do {
      in.key();
      if (!p.mapKeys.add(in.text, in.textOff, in.textLen, mark)) {
        throw p.keyed(CodecErrors.duplicateMapKey(in.textString(), field.fullName()));
      }
      int entryAt = out.pos;
      out.tag(field.tag);
      int start = out.beginLength();
      p.convert(key, false, true);
      if (in.isNull()) {
        in.scalar();
        boolean nullEnum = value.enumPlan != null && value.enumPlan.nullValue;
        if (value.isMessage() && value.message().wkt == Wkt.VALUE) {
          p.nullValue(value, true);
        } else if (!nullEnum) {
          if (value.enumPlan != null && p.ignoreUnknown) {
            out.pos = entryAt;
            continue;
          }
          throw new CodecException("map values cannot be null");
        }
      } else if (value.isMessage()) {
        p.nested(value, depth);
      } else {
        p.scalar(value, false, true);
        if (p.skipped) {
          out.pos = entryAt;
          continue;
        }
      }
      out.endLength(start);
      any = true;
    } while (in.more('}'));
    p.mapKeys.release(mark);
    return any;
  }
}
