package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import java.nio.charset.StandardCharsets;

/**
 * The well-known types' special JSON forms (proto3 JSON mapping, "Any" and the WKT table),
 * printed as JsonFormat's PrinterImpl does.
 */
final class WktPrinter {
  private WktPrinter() {}

  static void print(WirePrinter p, MessagePlan plan, int start, int end, int depth) throws CodecException {
    int unknownBefore = p.unknownCount;
    int base = p.scan(plan, start, end);
    boolean hadUnknown = p.unknownCount != unknownBefore;
    p.requireCanonical(plan, base);
    JsonOutput out = p.out;
    switch (plan.wkt) {
      case TIMESTAMP, DURATION -> {
        long seconds = varintOf(p, base, 0);
        int nanos = (int) varintOf(p, base, 1);
        p.occTop = base;
        if (plan.wkt == Wkt.TIMESTAMP) {
          if (!TimeFormat.validTimestamp(seconds, nanos)) {
            throw new CodecException("Timestamp is not valid: seconds " + seconds + ", nanos " + nanos);
          }
          TimeFormat.printTimestamp(out, seconds, nanos);
        } else {
          if (!TimeFormat.validDuration(seconds, nanos)) {
            throw new CodecException("Duration is not valid: seconds " + seconds + ", nanos " + nanos);
          }
          TimeFormat.printDuration(out, seconds, nanos);
        }
      }
      case WRAPPER -> {
        int last = last(p, base, 0);
        if (last >= 0) {
          p.scalarAt(plan.fields[0], p.occStart[last], p.occEnd[last], false);
        } else {
          p.defaultScalar(plan.fields[0], false);
        }
        p.occTop = base;
      }
      case FIELD_MASK -> {
        // FieldMaskUtil.toJsonString: non-empty paths, lower_underscore to lowerCamel, joined by
        // commas; JsonFormat puts it between quotes without escaping.
        StringBuilder joined = new StringBuilder();
        for (int i = base; i < p.occTop; i++) {
          String path = new String(p.buf, p.occStart[i], p.occEnd[i] - p.occStart[i], StandardCharsets.UTF_8);
          if (!path.isEmpty()) {
            if (joined.length() > 0) {
              joined.append(',');
            }
            joined.append(TypeUrls.toJsonPath(path));
          }
        }
        p.occTop = base;
        out.raw((byte) '"');
        out.raw(joined.toString());
        out.raw((byte) '"');
      }
      case STRUCT -> {
        MapPrinter.print(p, plan.fields[0], base, p.occTop, depth);
        p.occTop = base;
      }
      case LIST_VALUE -> {
        p.value(plan.fields[0], base, p.occTop, depth);
        p.occTop = base;
      }
      case VALUE -> value(p, plan, base, depth);
      case ANY -> any(p, plan, base, hadUnknown);
      default -> throw new IllegalStateException(plan.fullName);
    }
  }

  /** One Value: its single kind (requireCanonical saw to that), or null when no kind is set. */
  private static void value(WirePrinter p, MessagePlan plan, int base, int depth) throws CodecException {
    if (p.occTop == base) {
      p.out.ascii("null");
      return;
    }
    FieldPlan kind = plan.fields[p.occField[base]];
    int start = p.occStart[base];
    int end = p.occEnd[base];
    p.occTop = base;
    switch (kind.number) {
      case 1 -> p.out.ascii("null");
      case 2 -> {
        p.pos = start;
        double d = Double.longBitsToDouble(p.fixed64(end));
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new CodecException("google.protobuf.Value cannot encode double values for infinity or nan,"
              + " because they would be parsed as a string.");
        }
        p.doubleValue(d);
      }
      case 5, 6 -> p.nested(kind.message(), start, end, depth);
      default -> p.scalarAt(kind, start, end, false);
    }
  }

  private static void any(WirePrinter p, MessagePlan plan, int base, boolean hadUnknown) throws CodecException {
    int urlAt = last(p, base, 0);
    int valueAt = last(p, base, 1);
    String url = urlAt < 0 ? "" : new String(p.buf, p.occStart[urlAt], p.occEnd[urlAt] - p.occStart[urlAt],
        StandardCharsets.UTF_8);
    int valueStart = valueAt < 0 ? 0 : p.occStart[valueAt];
    int valueEnd = valueAt < 0 ? 0 : p.occEnd[valueAt];
    p.occTop = base;
    if (url.isEmpty() && valueStart == valueEnd && !hadUnknown) {
      // JsonFormat: Any.getDefaultInstance().equals(message) prints "{}".
      p.out.ascii("{}");
      return;
    }
    Descriptor type = TypeUrls.resolve(p.types, url, "Cannot find type for url: ");
    if (p.plans.unsupportedReason(type).isPresent()) {
      throw NeedsReference.INSTANCE;
    }
    MessagePlan payload = p.plans.plan(type);
    // The payload is parsed afresh by JsonFormat (DynamicMessage.parseFrom): depth restarts.
    if (payload.wkt == Wkt.NONE) {
      p.regular(payload, valueStart, valueEnd, 0, url);
    } else {
      p.out.ascii("{\"@type\":");
      p.out.string(url);
      p.out.ascii(",\"value\":");
      p.message(payload, valueStart, valueEnd, 0);
      p.out.raw((byte) '}');
    }
  }

  private static int last(WirePrinter p, int base, int fieldIndex) {
    int found = -1;
    for (int i = base; i < p.occTop; i++) {
      if (p.occField[i] == fieldIndex) {
        found = i;
      }
    }
    return found;
  }

  private static long varintOf(WirePrinter p, int base, int fieldIndex) throws CodecException {
    int at = last(p, base, fieldIndex);
    if (at < 0) {
      return 0;
    }
    p.pos = p.occStart[at];
    return p.varint(p.occEnd[at]);
  }
}
