package dev.rosetta.gateway.codec;

/**
 * Prints a map field as a JSON object: entries in wire order (JsonFormat walks DynamicMessage's
 * entry list, duplicates included), keys quoted as the proto3 mapping requires, a missing key or
 * value printed as its default. Each entry is a nested message for the recursion limit.
 */
final class MapPrinter {
  private MapPrinter() {}

  static void print(WirePrinter p, FieldPlan field, int from, int to, int depth) throws CodecException {
    MessagePlan entry = field.message();
    FieldPlan keyField = entry.field(1);
    FieldPlan valueField = entry.field(2);
    JsonOutput out = p.out;
    out.raw((byte) '{');
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.raw((byte) ',');
      }
      if (depth >= WirePrinter.MAX_DEPTH) {
        throw p.malformed("nested deeper than " + WirePrinter.MAX_DEPTH + " messages");
      }
      int base = p.scan(entry, p.occStart[i], p.occEnd[i]);
      p.requireCanonical(entry, base);
      int key = -1;
      int value = -1;
      for (int k = base; k < p.occTop; k++) {
        if (p.occField[k] == keyField.index) {
          key = k;
        } else {
          value = k;
        }
      }
      if (key >= 0) {
        p.scalarAt(keyField, p.occStart[key], p.occEnd[key], true);
      } else {
        p.defaultScalar(keyField, true);
      }
      out.raw((byte) ':');
      int valueStart = value >= 0 ? p.occStart[value] : 0;
      int valueEnd = value >= 0 ? p.occEnd[value] : 0;
      p.occTop = base;
      if (valueField.isMessage()) {
        if (value >= 0) {
          p.nested(valueField.message(), valueStart, valueEnd, depth + 1);
        } else {
          p.message(valueField.message(), 0, 0, depth + 2);
        }
      } else if (value >= 0) {
        p.scalarAt(valueField, valueStart, valueEnd, false);
      } else {
        p.defaultScalar(valueField, false);
      }
    }
    out.raw((byte) '}');
  }
}
