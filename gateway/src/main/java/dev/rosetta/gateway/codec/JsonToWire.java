package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.util.JsonFormat;
import java.util.Arrays;

/**
 * Parses JSON into protobuf wire bytes without building a message, with JsonFormat's ParserImpl
 * semantics over DynamicMessage:
 *
 * <ul>
 *   <li>keys are a field's JSON name or proto name; unknown keys fail unless ignored;
 *   <li>a field given twice (under both names) fails once the first made it present ("has already
 *       been set"); two members of one oneof fail; {@code null} means "not set", except for
 *       {@code Value} (a null Value) and {@code NullValue};
 *   <li>implicit-presence scalars holding their default are not written (DynamicMessage clears
 *       them); repeated scalars are written packed when the field is packed;
 *   <li>a message nested deeper than 100 fails ("Hit recursion limit."), counted where JsonFormat
 *       counts: every message-typed field value, list element and map value.
 * </ul>
 *
 * Not thread safe: one per thread, reused across calls.
 */
final class JsonToWire {
  static final int MAX_DEPTH = 100;
  /** Bits of a field's "seen" slot: spellings used (1 JSON name, 2 proto name), and presence. */
  private static final int SPELLINGS = 3;
  private static final int PRESENT = 4;

  final PlanCache plans;
  final JsonFormat.TypeRegistry types;
  final boolean ignoreUnknown;
  final boolean anyCaseEnums;
  final JsonInput in = new JsonInput();
  final WireWriter out = new WireWriter();
  private int[] seen = new int[64];
  private int seenTop;
  /** Set by {@link #convert} when an unknown enum name was dropped (ignoreUnknownFields). */
  boolean skipped;
  final MapKeys mapKeys = new MapKeys();

  JsonToWire(PlanCache plans, JsonFormat.TypeRegistry types, CodecOptions options) {
    this.plans = plans;
    this.types = types;
    this.ignoreUnknown = options.ignoreUnknownFields();
    this.anyCaseEnums = options.caseInsensitiveEnums();
  }

  void reset(byte[] json, int off, int len) {
    in.reset(json, off, len);
    out.reset();
    seenTop = 0;
    mapKeys.reset();
  }

  /** The top-level document: one message value, then nothing but whitespace (RFC 8259 section 2). */
  void document(MessagePlan plan) throws CodecException {
    body(plan, 0);
    in.requireEnd();
  }

  /** The value of one field, as if it were the only key of an object of its containing type. */
  void lone(MessagePlan containing, FieldPlan field) throws CodecException {
    int base = reserve(containing);
    field(containing, field, 0, base);
    seenTop = base;
    in.requireEnd();
  }

  /** A message's JSON value (an object, or a WKT's special form), at JsonFormat depth {@code depth}. */
  void body(MessagePlan plan, int depth) throws CodecException {
    if (plan.wkt != Wkt.NONE) {
      WktParser.parse(this, plan, depth);
    } else {
      object(plan, depth, false);
    }
  }

  /** A message field's non-null value: tag, length, body. */
  void nested(FieldPlan field, int depth) throws CodecException {
    if (depth >= MAX_DEPTH) {
      throw new CodecException("messages nested deeper than " + MAX_DEPTH + " levels");
    }
    out.tag(field.wireType == FieldPlan.LEN ? field.tag : field.packedTag);
    int start = out.beginLength();
    body(field.message(), depth + 1);
    out.endLength(start);
  }

  void object(MessagePlan plan, int depth, boolean anyPayload) throws CodecException {
    if (in.peek() != '{') {
      throw expected("a JSON object (" + plan.fullName + ")");
    }
    in.pos++;
    if (in.empty('}')) {
      return;
    }
    int base = reserve(plan);
    do {
      in.key();
      if (anyPayload && ScalarText.equals(in.text, in.textOff, in.textLen, "@type")) {
        in.skipValue();
        continue;
      }
      int slot = plan.names.find(in.text, in.textOff, in.textLen);
      if (slot < 0) {
        if (!ignoreUnknown) {
          throw CodecErrors.atKey("unknown field: message " + plan.fullName + " has no field \"" + in.textString()
              + "\" (JSON or proto name)", in);
        }
        in.skipValue();
        continue;
      }
      FieldPlan field = plan.names.field(slot);
      int state = seen[base + field.index];
      if ((state & SPELLINGS) != 0) {
        // Under either of its names, null or not: JsonFormat would keep the last of two equal
        // keys (Gson's object model) and refuse two names only when the first set the field.
        throw keyed(CodecErrors.duplicateField(in.textString(), plan.fullName));
      }
      seen[base + field.index] = state | plan.names.spelling(slot);
      field(plan, field, depth, base);
    } while (in.more('}'));
    seenTop = base;
  }

  private int reserve(MessagePlan plan) {
    int base = seenTop;
    int n = plan.fields.length + plan.oneofCount;
    if (base + n > seen.length) {
      seen = Arrays.copyOf(seen, Math.max(seen.length * 2, base + n));
    }
    Arrays.fill(seen, base, base + n, 0);
    seenTop = base + n;
    return base;
  }

  /** JsonFormat's mergeField for one key of an object whose seen-slots start at {@code base}. */
  private void field(MessagePlan plan, FieldPlan field, int depth, int base) throws CodecException {
    if ((seen[base + field.index] & PRESENT) != 0) {
      throw CodecErrors.atKey("field set twice, under its JSON name and its proto name", in);
    }
    boolean present;
    if (field.map) {
      present = in.isNull() ? skipNull() : MapParser.map(this, field, depth);
    } else if (field.repeated) {
      present = in.isNull() ? skipNull() : RepeatedParser.repeated(this, field, depth);
    } else {
      int before = out.pos;
      present = singular(field, depth);
      if (present && field.oneof >= 0) {
        int slot = base + plan.fields.length + field.oneof;
        if (seen[slot] != 0) {
          out.pos = before;
          throw new CodecException("cannot be set along with \"" + plan.fields[seen[slot] - 1].descriptor.getJsonName()
              + "\": both belong to oneof " + field.descriptor.getContainingOneof().getName() + ", which holds one");
        }
        seen[slot] = field.index + 1;
      }
    }
    if (present) {
      seen[base + field.index] |= PRESENT;
    }
  }

  private boolean skipNull() throws CodecException {
    in.scalar();
    return false;
  }

  /**
   * A singular field's value, written when DynamicMessage would keep it. Returns whether the field
   * is now present ({@code hasField}).
   */
  private boolean singular(FieldPlan field, int depth) throws CodecException {
    if (in.isNull()) {
      in.scalar();
      return nullValue(field, true);
    }
    if (field.isMessage()) {
      nested(field, depth);
      return true;
    }
    return scalar(field, field.presence, true);
  }

  /**
   * JSON null for a field: a null {@code Value} or {@code NullValue}; otherwise "not set" (null).
   * Returns whether something was written (and the field made present).
   */
  boolean nullValue(FieldPlan field, boolean withTag) {
    if (field.isMessage() && field.message().wkt == Wkt.VALUE) {
      if (withTag) {
        out.tag(field.tag);
      }
      out.varint32(2);
      out.tag(1 << 3 | FieldPlan.VARINT);
      out.varint32(0);
      return true;
    }
    if (field.enumPlan != null && field.enumPlan.nullValue) {
      if (field.presence || !withTag) {
        if (withTag) {
          out.tag(field.tag);
        }
        out.varint32(0);
        return true;
      }
      return false;
    }
    return false;
  }

  /**
   * Reads a scalar of {@code field}'s type and writes it (with its tag when {@code withTag}),
   * unless it is the default and {@code always} is false. Returns whether it is "present": a
   * non-default value, or any value when {@code always}. An unknown enum name with
   * ignoreUnknownFields writes nothing and returns false.
   */
  boolean scalar(FieldPlan field, boolean always, boolean withTag) throws CodecException {
    scalarText(field);
    return convert(field, always, withTag);
  }

  /** {@link #scalar} for text already read (a map key). Sets {@link #skipped} for an ignored enum name. */
  boolean convert(FieldPlan field, boolean always, boolean withTag) throws CodecException {
    skipped = false;
    byte[] b = in.text;
    int off = in.textOff;
    int len = in.textLen;
    try {
      switch (field.type) {
        case INT32, SINT32, SFIXED32, UINT32, FIXED32, ENUM -> {
          int v;
          if (field.type == Type.ENUM) {
            long n = enumNumber(field.enumPlan, b, off, len);
            if (n == Long.MIN_VALUE) {
              skipped = true;
              return false;
            }
            v = (int) n;
          } else {
            v = field.type == Type.UINT32 || field.type == Type.FIXED32
                ? ScalarText.uint32(b, off, len) : ScalarText.int32(b, off, len);
          }
          if (v == 0 && !always) {
            return false;
          }
          writeTag(field, withTag);
          switch (field.type) {
            case SINT32 -> out.varint32((v << 1) ^ (v >> 31));
            case SFIXED32, FIXED32 -> out.fixed32(v);
            case UINT32 -> out.varint32(v);
            default -> out.varint64(v);
          }
        }
        case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> {
          long v = field.type == Type.UINT64 || field.type == Type.FIXED64
              ? ScalarText.uint64(b, off, len) : ScalarText.int64(b, off, len);
          if (v == 0 && !always) {
            return false;
          }
          writeTag(field, withTag);
          switch (field.type) {
            case SINT64 -> out.varint64((v << 1) ^ (v >> 63));
            case SFIXED64, FIXED64 -> out.fixed64(v);
            default -> out.varint64(v);
          }
        }
        case BOOL -> {
          boolean v = ScalarText.bool(b, off, len);
          if (!v && !always) {
            return false;
          }
          writeTag(field, withTag);
          out.varint32(v ? 1 : 0);
        }
        case FLOAT -> {
          int bits = Float.floatToRawIntBits(ScalarText.float32(b, off, len));
          if (bits == 0 && !always) {
            return false;
          }
          writeTag(field, withTag);
          out.fixed32(bits);
        }
        case DOUBLE -> {
          long bits = Double.doubleToRawLongBits(ScalarText.float64(b, off, len));
          if (bits == 0 && !always) {
            return false;
          }
          writeTag(field, withTag);
          out.fixed64(bits);
        }
        case STRING -> {
          if (len == 0 && !always) {
            return false;
          }
          writeTag(field, withTag);
          out.bytes(b, off, len);
        }
        case BYTES -> {
          int before = out.pos;
          writeTag(field, withTag);
          int start = out.beginLength();
          if (!Base64Codec.decode(b, off, len, out)) {
            out.pos = before;
            throw ScalarText.INVALID;
          }
          if (out.pos == start && !always) {
            out.pos = before;
            return false;
          }
          out.endLength(start);
        }
        default -> throw new IllegalStateException("not a scalar: " + field.fullName());
      }
    } catch (NumberFormatException e) {
      throw CodecErrors.invalidScalar(field, in);
    }
    return true;
  }

  private void writeTag(FieldPlan field, boolean withTag) {
    if (withTag) {
      out.tag(field.tag);
    }
  }

  /**
   * parseEnum: a value name, else an int32 (any number: proto3 enums are open). Long.MIN_VALUE for
   * an unknown name when unknown fields are ignored (JsonFormat returns null: not set).
   */
  private long enumNumber(EnumPlan plan, byte[] b, int off, int len) throws CodecException {
    long n = plan.numberOf(b, off, len);
    if (n == Long.MIN_VALUE && anyCaseEnums) {
      n = plan.numberOfIgnoringCase(b, off, len);
    }
    if (n != Long.MIN_VALUE) {
      return n;
    }
    try {
      return ScalarText.int32(b, off, len);
    } catch (NumberFormatException e) {
      if (ignoreUnknown) {
        return Long.MIN_VALUE;
      }
      throw CodecErrors.invalid(CodecErrors.enumKind(plan), in);
    }
  }

  /**
   * Reads the text of a scalar. JsonFormat takes {@code getAsString()}, which Gson also answers for
   * an array of exactly one element (recursively): {@code [5]} is 5. An object is refused.
   */
  void scalarText(FieldPlan field) throws CodecException {
    int c = in.peek();
    if (c == '{') {
      throw CodecErrors.expected(CodecErrors.kind(field), in);
    }
    if (c != '[') {
      in.scalar();
      return;
    }
    int at = in.pos;
    int depth = 0;
    while (in.peek() == '[') {
      in.pos++;
      depth++;
    }
    if (in.peek() == ']' || in.peek() == '{' || in.isNull()) {
      throw CodecErrors.expected(CodecErrors.kind(field), in, at);
    }
    in.scalar();
    for (int i = 0; i < depth; i++) {
      if (in.more(']')) {
        throw CodecErrors.expected(CodecErrors.kind(field), in, at);
      }
    }
  }

  /** {@code e}, raised for the key just read, located there. */
  CodecException keyed(CodecException e) {
    return CodecErrors.atKey(e.getMessage(), in);
  }

  /**
   * A JSON value of the wrong kind. What is not the start of a JSON value at all is a syntax
   * matter (Gson may still accept it, a byte-order mark for one), for the reference to judge.
   */
  CodecException expected(String what) {
    int c = in.peek();
    if (c < 0 || "{[\"-0123456789tfn".indexOf(c) < 0) {
      throw NeedsReference.INSTANCE;
    }
    return CodecErrors.expected(what, in);
  }
}
