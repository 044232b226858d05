package dev.rosetta.gateway.codec;

import java.util.Arrays;

/**
 * Reads protobuf wire format from a byte array, and keeps the stack of field occurrences the
 * printer sorts into field-number order. Mirrors what {@code CodedInputStream} accepts: varints
 * up to ten bytes (extra bits dropped), no zero tags, no wire types 6 or 7, groups matched by
 * number. Not thread safe: one per call.
 */
class WireReader {
  byte[] buf = new byte[0];
  int pos;
  String typeName = "";

  // The occurrence stack: [base, top) belongs to the message being printed.
  int[] occField = new int[64];
  int[] occStart = new int[64];
  int[] occEnd = new int[64];
  int[] occWire = new int[64];
  int occTop;
  /** Unknown (or mistyped) fields skipped by {@link #scan}, ever increasing. */
  int unknownCount;
  private int[] sortTmp = new int[0];

  CodecException malformed(String why) {
    return new CodecException("malformed " + typeName + " message: " + why);
  }

  final long varint(int limit) throws CodecException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("varint longer than ten bytes");
  }

  final int fixed32(int limit) throws CodecException {
    if (limit - pos < 4) {
      throw malformed("truncated fixed32");
    }
    int p = pos;
    pos += 4;
    return (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
  }

  final long fixed64(int limit) throws CodecException {
    long lo = fixed32(limit) & 0xFFFFFFFFL;
    return lo | (long) fixed32(limit) << 32;
  }

  /** Reads a length prefix; returns the end of the content and leaves pos at its start. */
  final int lengthDelimited(int limit) throws CodecException {
    int len = (int) varint(limit);
    if (len < 0 || len > limit - pos) {
      throw malformed(len < 0 ? "negative length" : "truncated length-delimited field");
    }
    return pos + len;
  }

  final int tag(int limit) throws CodecException {
    int tag = (int) varint(limit);
    if ((tag >>> 3) == 0) {
      throw malformed("invalid tag (zero field number)");
    }
    return tag;
  }

  /** Skips the value of {@code tag} (pos just after the tag), groups included. */
  final void skip(int tag, int limit) throws CodecException {
    switch (tag & 7) {
      case FieldPlan.VARINT -> varint(limit);
      case FieldPlan.FIXED64 -> fixed64(limit);
      case FieldPlan.FIXED32 -> fixed32(limit);
      case FieldPlan.LEN -> pos = lengthDelimited(limit);
      case FieldPlan.START_GROUP -> {
        int depth = 1;
        while (depth > 0) {
          int inner = tag(limit);
          int wire = inner & 7;
          if (wire == FieldPlan.START_GROUP) {
            if (++depth > WirePrinter.MAX_DEPTH) {
              throw malformed("groups nested too deeply");
            }
          } else if (wire == FieldPlan.END_GROUP) {
            depth--;
            if (depth == 0 && (inner >>> 3) != (tag >>> 3)) {
              throw malformed("end-group tag did not match");
            }
          } else {
            skip(inner, limit);
          }
        }
      }
      case FieldPlan.END_GROUP -> throw malformed("unexpected end-group tag");
      default -> throw malformed("invalid wire type " + (tag & 7));
    }
  }

  /**
   * Records every occurrence of a known field in {@code [start, end)} (unknown fields and fields
   * with a wire type DynamicMessage would not accept for them are skipped, as it keeps them
   * unknown), validating the UTF-8 of string fields, then sorts the occurrences stably into
   * field-number order. Returns the base of this message's occurrences; the caller resets
   * {@code occTop} to it when done.
   */
  final int scan(MessagePlan plan, int start, int end) throws CodecException {
    int base = occTop;
    boolean sorted = true;
    int lastIndex = -1;
    pos = start;
    while (pos < end) {
      int tag = tag(end);
      int wire = tag & 7;
      FieldPlan field = plan.field(tag >>> 3);
      if (field == null || (wire != field.wireType && !(field.packable && wire == FieldPlan.LEN))) {
        skip(tag, end);
        unknownCount++;
        continue;
      }
      int valueStart = pos;
      switch (wire) {
        case FieldPlan.VARINT -> varint(end);
        case FieldPlan.FIXED32 -> fixed32(end);
        case FieldPlan.FIXED64 -> fixed64(end);
        default -> {
          int valueEnd = lengthDelimited(end);
          valueStart = pos;
          pos = valueEnd;
          if (field.type == com.google.protobuf.Descriptors.FieldDescriptor.Type.STRING
              && !Utf8.isValid(buf, valueStart, valueEnd)) {
            throw malformed("invalid UTF-8 in " + field.fullName());
          }
        }
      }
      push(field.index, valueStart, pos, wire);
      if (field.index < lastIndex) {
        sorted = false;
      }
      lastIndex = field.index;
    }
    if (!sorted) {
      sort(base, plan.fields.length);
    }
    return base;
  }

  private void push(int field, int start, int end, int wire) {
    if (occTop == occField.length) {
      int n = occTop * 2;
      occField = Arrays.copyOf(occField, n);
      occStart = Arrays.copyOf(occStart, n);
      occEnd = Arrays.copyOf(occEnd, n);
      occWire = Arrays.copyOf(occWire, n);
    }
    occField[occTop] = field;
    occStart[occTop] = start;
    occEnd[occTop] = end;
    occWire[occTop] = wire;
    occTop++;
  }

  /** Stable counting sort of [base, occTop) by field index: wire order is kept within a field. */
  private void sort(int base, int fieldCount) {
    int n = occTop - base;
    int[] counts = new int[fieldCount + 1];
    for (int i = base; i < occTop; i++) {
      counts[occField[i] + 1]++;
    }
    for (int i = 1; i <= fieldCount; i++) {
      counts[i] += counts[i - 1];
    }
    if (sortTmp.length < n * 4) {
      sortTmp = new int[n * 4];
    }
    for (int i = base; i < occTop; i++) {
      int at = counts[occField[i]]++;
      sortTmp[at * 4] = occField[i];
      sortTmp[at * 4 + 1] = occStart[i];
      sortTmp[at * 4 + 2] = occEnd[i];
      sortTmp[at * 4 + 3] = occWire[i];
    }
    for (int i = 0; i < n; i++) {
      occField[base + i] = sortTmp[i * 4];
      occStart[base + i] = sortTmp[i * 4 + 1];
      occEnd[base + i] = sortTmp[i * 4 + 2];
      occWire[base + i] = sortTmp[i * 4 + 3];
    }
  }

  /**
   * DynamicMessage merges a singular message written twice and lets the last member of a oneof
   * replace the others: both non-canonical, both sent to the reference codec.
   */
  final void requireCanonical(MessagePlan plan, int base) {
    int oneofMask = 0;
    for (int i = base; i < occTop; i++) {
      FieldPlan field = plan.fields[occField[i]];
      if (field.repeated) {
        continue;
      }
      boolean sameAsNext = i + 1 < occTop && occField[i + 1] == occField[i];
      if (sameAsNext && field.isMessage()) {
        throw NeedsReference.INSTANCE;
      }
      if (field.oneof >= 0 && !sameAsNext) {
        int bit = 1 << Math.min(field.oneof, 31);
        if ((oneofMask & bit) != 0 || field.oneof >= 31) {
          throw NeedsReference.INSTANCE;
        }
        oneofMask |= bit;
      } else if (field.oneof >= 0) {
        throw NeedsReference.INSTANCE;
      }
    }
  }
}
