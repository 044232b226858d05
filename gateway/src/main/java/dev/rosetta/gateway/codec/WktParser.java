package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import java.nio.charset.StandardCharsets;

/**
 * The well-known types' special JSON forms, parsed as JsonFormat's ParserImpl does (its
 * wellKnownTypeParsers): none of these adds a recursion level of its own.
 */
final class WktParser {
  private WktParser() {}

  static void parse(JsonToWire p, MessagePlan plan, int depth) throws CodecException {
    JsonInput in = p.in;
    WireWriter out = p.out;
    switch (plan.wkt) {
      case TIMESTAMP, DURATION -> {
        String text = text(p, plan);
        long[] r = new long[2];
        boolean ok = plan.wkt == Wkt.TIMESTAMP ? TimeFormat.parseTimestamp(text, r) : TimeFormat.parseDuration(text, r);
        if (!ok) {
          throw CodecErrors.invalid(plan.wkt == Wkt.TIMESTAMP
              ? "an RFC 3339 timestamp such as \"2024-05-01T12:30:00Z\"" : "a duration in seconds such as \"1.5s\"", in);
        }
        if (r[0] != 0) {
          out.tag(1 << 3);
          out.varint64(r[0]);
        }
        if (r[1] != 0) {
          out.tag(2 << 3);
          out.varint64((int) r[1]);
        }
      }
      case FIELD_MASK -> {
        // FieldMaskUtil.fromJsonString: split on ',', skip empty, lowerCamel to lower_underscore.
        for (String path : text(p, plan).split(",")) {
          if (!path.isEmpty()) {
            byte[] utf8 = TypeUrls.toProtoPath(path).getBytes(StandardCharsets.UTF_8);
            out.tag(1 << 3 | FieldPlan.LEN);
            out.bytes(utf8, 0, utf8.length);
          }
        }
      }
      case WRAPPER -> {
        if (in.isNull()) {
          throw new CodecException("expected " + CodecErrors.kind(plan.fields[0]) + " (" + plan.fullName
              + "), found null");
        }
        p.scalar(plan.fields[0], false, true);
      }
      case STRUCT -> MapParser.map(p, plan.fields[0], depth);
      case LIST_VALUE -> RepeatedParser.repeated(p, plan.fields[0], depth);
      case VALUE -> value(p, plan, depth);
      case ANY -> any(p, plan, depth);
      default -> throw new IllegalStateException(plan.fullName);
    }
  }

  /** getAsString() of the value: a string, number or literal (or a one-element array of one). */
  private static String text(JsonToWire p, MessagePlan plan) throws CodecException {
    if (p.in.isNull()) {
      throw new CodecException("expected the JSON string form of " + plan.fullName + ", found null");
    }
    p.scalarText(plan.fields[0]);
    return p.in.textString();
  }

  /** mergeValue: null, bool, number (Double.parseDouble of the literal), string, Struct or ListValue. */
  private static void value(JsonToWire p, MessagePlan plan, int depth) throws CodecException {
    JsonInput in = p.in;
    WireWriter out = p.out;
    int c = in.peek();
    if (c == '{' || c == '[') {
      FieldPlan kind = plan.field(c == '{' ? 5 : 6);
      out.tag(kind.tag);
      int start = out.beginLength();
      parse(p, kind.message(), depth);
      out.endLength(start);
      return;
    }
    in.scalar();
    switch (in.kind) {
      case JsonInput.NULL -> {
        out.tag(1 << 3);
        out.varint32(0);
      }
      case JsonInput.TRUE, JsonInput.FALSE -> {
        out.tag(4 << 3);
        out.varint32(in.kind == JsonInput.TRUE ? 1 : 0);
      }
      case JsonInput.STRING -> {
        out.tag(3 << 3 | FieldPlan.LEN);
        out.bytes(in.text, in.textOff, in.textLen);
      }
      default -> {
        out.tag(2 << 3 | FieldPlan.FIXED64);
        out.fixed64(Double.doubleToRawLongBits(Double.parseDouble(in.textString())));
      }
    }
  }

  /**
   * mergeAny: {@code {}} is an empty Any; otherwise {@code "@type"} (anywhere in the object) names
   * the payload type through the type registry. A WKT payload is the {@code "value"} key's value;
   * any other payload is the object's other keys.
   */
  private static void any(JsonToWire p, MessagePlan plan, int depth) throws CodecException {
    JsonInput in = p.in;
    WireWriter out = p.out;
    if (in.peek() != '{') {
      throw p.expected("a JSON object (google.protobuf.Any)");
    }
    int objectStart = in.pos;
    in.pos++;
    if (in.empty('}')) {
      return;
    }
    int typeAt = -1;
    int valueAt = -1;
    do {
      in.key();
      boolean isType = ScalarText.equals(in.text, in.textOff, in.textLen, "@type");
      boolean isValue = !isType && ScalarText.equals(in.text, in.textOff, in.textLen, "value");
      in.peek();
      if ((isType && typeAt >= 0) || (isValue && valueAt >= 0)) {
        throw p.keyed(CodecErrors.duplicateField(in.textString(), plan.fullName));
      }
      if (isType) {
        typeAt = in.pos;
      } else if (isValue) {
        valueAt = in.pos;
      }
      in.skipValue();
    } while (in.more('}'));
    int objectEnd = in.pos;
    if (typeAt < 0) {
      in.pos = objectStart;
      throw new CodecException("an Any object needs \"@type\", the type URL of its payload");
    }
    in.pos = typeAt;
    String url = text(p, plan);
    Descriptor type = TypeUrls.resolve(p.types, url, "\"@type\" names a type the gateway does not know: ");
    if (p.plans.unsupportedReason(type).isPresent()) {
      throw NeedsReference.INSTANCE;
    }
    MessagePlan payload = p.plans.plan(type);
    byte[] urlBytes = url.getBytes(StandardCharsets.UTF_8);
    out.tag(1 << 3 | FieldPlan.LEN);
    out.bytes(urlBytes, 0, urlBytes.length);
    int tagAt = out.pos;
    out.tag(2 << 3 | FieldPlan.LEN);
    int start = out.beginLength();
    if (payload.wkt != Wkt.NONE) {
      if (valueAt >= 0) {
        in.pos = valueAt;
        p.body(payload, depth);
      }
    } else {
      in.pos = objectStart;
      p.object(payload, depth, true);
    }
    if (out.pos == start) {
      out.pos = tagAt; // an empty payload: DynamicMessage leaves the bytes field unset
    } else {
      out.endLength(start);
    }
    in.pos = objectEnd;
  }
}
