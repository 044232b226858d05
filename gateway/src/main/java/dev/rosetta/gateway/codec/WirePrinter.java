package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.util.JsonFormat;

/**
 * Prints protobuf wire bytes as JSON without building a message: scan a message's fields into
 * field-number order, then print each from its bytes. Output is byte-equal to JsonFormat's
 * {@code omittingInsignificantWhitespace()} printer over DynamicMessage:
 *
 * <ul>
 *   <li>fields in field-number order; a singular field's last occurrence wins; an implicit-presence
 *       (proto3) scalar holding its default is absent, as DynamicMessage does on parse;
 *   <li>repeated elements and map entries in wire order, packed and unpacked alike, duplicate
 *       map keys printed as they come (DynamicMessage keeps map entries as a list);
 *   <li>scalars as JsonFormat prints them: 64-bit integers quoted, unsigned as unsigned,
 *       {@code Float/Double.toString}, {@code "NaN"}, {@code "Infinity"}, enums by name or number;
 *   <li>unknown fields skipped; DynamicMessage's limits kept (nesting 100, strict UTF-8).
 * </ul>
 *
 * Not thread safe: one per thread, reused across calls.
 */
final class WirePrinter extends WireReader {
  /** CodedInputStream's default recursion limit, which DynamicMessage parsing applies. */
  static final int MAX_DEPTH = 100;
  /** Any payloads restart the depth count in JsonFormat; this bounds the total so the stack cannot overflow. */
  private static final int MAX_TOTAL_DEPTH = 400;

  final PlanCache plans;
  final JsonFormat.TypeRegistry types;
  final boolean protoNames;
  final boolean emitDefaults;
  final boolean enumsAsInts;
  final JsonOutput out = new JsonOutput();
  private int totalDepth;

  WirePrinter(PlanCache plans, JsonFormat.TypeRegistry types, CodecOptions options) {
    this.plans = plans;
    this.types = types;
    this.protoNames = options.preserveProtoFieldNames();
    this.emitDefaults = options.emitDefaults();
    this.enumsAsInts = options.enumsAsInts();
  }

  void reset(byte[] wire, String type) {
    buf = wire;
    pos = 0;
    occTop = 0;
    totalDepth = 0;
    typeName = type;
    out.reset();
  }

  /** Prints the message in {@code buf[start, end)}; {@code depth} counts enclosing messages. */
  void message(MessagePlan plan, int start, int end, int depth) throws CodecException {
    if (++totalDepth > MAX_TOTAL_DEPTH) {
      throw malformed("messages nested too deeply");
    }
    if (plan.wkt == Wkt.NONE) {
      regular(plan, start, end, depth, null);
    } else {
      WktPrinter.print(this, plan, start, end, depth);
    }
    totalDepth--;
  }

  /** A message nested in the current one: counts toward DynamicMessage's recursion limit. */
  void nested(MessagePlan plan, int start, int end, int depth) throws CodecException {
    if (depth >= MAX_DEPTH) {
      throw malformed("nested deeper than " + MAX_DEPTH + " messages");
    }
    message(plan, start, end, depth + 1);
  }

  /** A regular message; with {@code typeUrl} it is an Any payload and {@code "@type"} comes first. */
  void regular(MessagePlan plan, int start, int end, int depth, String typeUrl) throws CodecException {
    int base = scan(plan, start, end);
    requireCanonical(plan, base);
    out.raw((byte) '{');
    boolean first = true;
    if (typeUrl != null) {
      out.ascii("\"@type\":");
      out.string(typeUrl);
      first = false;
    }
    int k = base;
    int top = occTop;
    for (FieldPlan field : plan.fields) {
      int from = k;
      while (k < top && occField[k] == field.index) {
        k++;
      }
      boolean print;
      if (field.repeated) {
        print = emitDefaults || hasElements(field, from, k);
      } else if (from == k) {
        print = emitDefaults && !field.presence;
      } else {
        print = field.presence || !isDefault(field, k - 1);
        if (!print && emitDefaults) {
          from = k; // print the default
          print = true;
        }
      }
      if (!print) {
        continue;
      }
      if (!first) {
        out.raw((byte) ',');
      }
      first = false;
      out.raw(protoNames ? field.protoKey : field.jsonKey);
      value(field, from, k, depth);
    }
    out.raw((byte) '}');
    occTop = base;
  }

  /** The JSON value of a field from its occurrences {@code [from, to)} (none: the default). */
  void value(FieldPlan field, int from, int to, int depth) throws CodecException {
    if (field.map) {
      MapPrinter.print(this, field, from, to, depth);
    } else if (field.repeated) {
      repeated(field, from, to, depth);
    } else if (from == to) {
      if (field.isMessage()) {
        message(field.message(), 0, 0, depth + 1);
      } else {
        defaultScalar(field, false);
      }
    } else if (field.isMessage()) {
      nested(field.message(), occStart[to - 1], occEnd[to - 1], depth);
    } else {
      scalarAt(field, occStart[to - 1], occEnd[to - 1], false);
    }
  }

  /**
   * Checks what DynamicMessage.parseFrom checks, printing nothing: wire structure, UTF-8 of
   * strings, nesting (map entries included; Any payloads are bytes to it, so not entered).
   */
  void validate(MessagePlan plan, int start, int end, int depth) throws CodecException {
    int base = scan(plan, start, end);
    for (int i = base; i < occTop; i++) {
      FieldPlan field = plan.fields[occField[i]];
      if (field.isMessage()) {
        if (depth >= MAX_DEPTH) {
          throw malformed("nested deeper than " + MAX_DEPTH + " messages");
        }
        validate(field.message(), occStart[i], occEnd[i], depth + 1);
      } else if (field.packable && occWire[i] == FieldPlan.LEN) {
        int e = occEnd[i];
        pos = occStart[i];
        while (pos < e) {
          switch (field.wireType) {
            case FieldPlan.FIXED32 -> fixed32(e);
            case FieldPlan.FIXED64 -> fixed64(e);
            default -> varint(e);
          }
        }
      }
    }
    occTop = base;
  }

  private boolean hasElements(FieldPlan field, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!(field.packable && occWire[i] == FieldPlan.LEN) || occEnd[i] > occStart[i]) {
        return true;
      }
    }
    return false;
  }

  /** Whether the occurrence holds the field type's default (all zero bits, or empty). */
  private boolean isDefault(FieldPlan field, int occurrence) throws CodecException {
    int start = occStart[occurrence];
    switch (occWire[occurrence]) {
      case FieldPlan.LEN:
        return occEnd[occurrence] == start;
      case FieldPlan.FIXED32:
        pos = start;
        return fixed32(occEnd[occurrence]) == 0;
      case FieldPlan.FIXED64:
        pos = start;
        return fixed64(occEnd[occurrence]) == 0;
      default:
        pos = start;
        long v = varint(occEnd[occurrence]);
        boolean wide = field.type == Type.INT64 || field.type == Type.UINT64 || field.type == Type.SINT64
            || field.type == Type.BOOL;
        return wide ? v == 0 : (int) v == 0;
    }
  }

  private void repeated(FieldPlan field, int from, int to, int depth) throws CodecException {
    out.raw((byte) '[');
    boolean first = true;
    for (int i = from; i < to; i++) {
      int start = occStart[i];
      int end = occEnd[i];
      if (field.isMessage()) {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        nested(field.message(), start, end, depth);
      } else if (field.packable && occWire[i] == FieldPlan.LEN) {
        pos = start;
        while (pos < end) {
          if (!first) {
            out.raw((byte) ',');
          }
          first = false;
          scalar(field, end, false);
        }
      } else {
        if (!first) {
          out.raw((byte) ',');
        }
        first = false;
        scalarAt(field, start, end, false);
      }
    }
    out.raw((byte) ']');
  }

  void scalarAt(FieldPlan field, int start, int end, boolean mapKey) throws CodecException {
    pos = start;
    scalar(field, end, mapKey);
  }

  /** Reads one scalar of {@code field}'s type at pos and prints it; map keys are always quoted. */
  void scalar(FieldPlan field, int limit, boolean mapKey) throws CodecException {
    switch (field.type) {
      case INT32 -> quotedIf(mapKey, (int) varint(limit));
      case SINT32 -> {
        int v = (int) varint(limit);
        quotedIf(mapKey, (v >>> 1) ^ -(v & 1));
      }
      case SFIXED32 -> quotedIf(mapKey, fixed32(limit));
      case UINT32 -> quotedIf(mapKey, varint(limit) & 0xFFFFFFFFL);
      case FIXED32 -> quotedIf(mapKey, fixed32(limit) & 0xFFFFFFFFL);
      case INT64 -> quoted(varint(limit));
      case SINT64 -> {
        long v = varint(limit);
        quoted((v >>> 1) ^ -(v & 1));
      }
      case SFIXED64 -> quoted(fixed64(limit));
      case UINT64 -> quotedUnsigned(varint(limit));
      case FIXED64 -> quotedUnsigned(fixed64(limit));
      case BOOL -> bool(varint(limit) != 0, mapKey);
      case FLOAT -> {
        float f = Float.intBitsToFloat(fixed32(limit));
        if (!special(f)) {
          out.ascii(Float.toString(f));
        }
      }
      case DOUBLE -> doubleValue(Double.longBitsToDouble(fixed64(limit)));
      case STRING -> {
        out.string(buf, pos, limit - pos);
        pos = limit;
      }
      case BYTES -> {
        out.base64(buf, pos, limit - pos);
        pos = limit;
      }
      case ENUM -> enumValue(field.enumPlan, (int) varint(limit));
      default -> throw new IllegalStateException("not a scalar: " + field.fullName());
    }
  }

  void doubleValue(double d) {
    if (!special(d)) {
      out.ascii(Double.toString(d));
    }
  }

  /** NaN and the infinities are JSON strings in the proto3 mapping. */
  private boolean special(double d) {
    if (Double.isNaN(d)) {
      out.ascii("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.ascii(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      return false;
    }
    return true;
  }

  void defaultScalar(FieldPlan field, boolean mapKey) {
    switch (field.type) {
      case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> out.ascii("\"0\"");
      case FLOAT, DOUBLE -> out.ascii("0.0");
      case BOOL -> bool(false, mapKey);
      case STRING, BYTES -> out.ascii("\"\"");
      case ENUM -> enumValue(field.enumPlan, 0);
      default -> quotedIf(mapKey, 0);
    }
  }

  private void enumValue(EnumPlan plan, int number) {
    if (plan.nullValue) {
      out.ascii("null");
      return;
    }
    byte[] name = enumsAsInts ? null : plan.quotedName(number);
    if (name != null) {
      out.raw(name);
    } else {
      out.int32(number);
    }
  }

  private void bool(boolean b, boolean mapKey) {
    out.ascii(mapKey ? (b ? "\"true\"" : "\"false\"") : (b ? "true" : "false"));
  }

  private void quotedIf(boolean quote, long v) {
    if (quote) {
      quoted(v);
    } else {
      out.int64(v);
    }
  }

  private void quoted(long v) {
    out.raw((byte) '"');
    out.int64(v);
    out.raw((byte) '"');
  }

  private void quotedUnsigned(long v) {
    out.raw((byte) '"');
    out.uint64(v);
    out.raw((byte) '"');
  }
}
