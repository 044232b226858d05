package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one text value as one occurrence of a field, tag included: the conversion shared by
 * path variables and query parameters. Scalars follow {@link ScalarParser}, message fields
 * {@link WellKnownTypes}. A repeated field gets one element, unpacked (parsers accept packed and
 * unpacked encodings alike, and appending one element at a time needs no length prefix).
 * Stateless.
 */
final class ValueEncoder {
  private ValueEncoder() {}

  /**
   * {@code field} encoded with value {@code text}, tag included, as a new array.
   *
   * @param anyCaseEnums match enum value names ignoring case ({@code --case-insensitive-enums})
   */
  static byte[] encode(FieldDescriptor field, String text, boolean anyCaseEnums) throws InvalidValueException {
    WireWriter out = new WireWriter(text.length() + 12);
    write(out, field, text, anyCaseEnums);
    return out.toByteArray();
  }

  static void write(WireWriter out, FieldDescriptor field, String text, boolean anyCaseEnums)
      throws InvalidValueException {
    int number = field.getNumber();
    switch (field.getType()) {
      case DOUBLE -> {
        double value = ScalarParser.parseDouble(text);
        out.writeTag(number, WireFormat.WIRETYPE_FIXED64);
        out.writeFixed64(Double.doubleToRawLongBits(value));
      }
      case FLOAT -> {
        float value = ScalarParser.parseFloat(text);
        out.writeTag(number, WireFormat.WIRETYPE_FIXED32);
        out.writeFixed32(Float.floatToRawIntBits(value));
      }
      case INT32 -> varint(out, number, ScalarParser.parseInt32(text)); // negative: 10 bytes, sign-extended
      case INT64 -> varint(out, number, ScalarParser.parseInt64(text));
      case UINT32 -> varint(out, number, ScalarParser.parseUint32(text) & 0xFFFF_FFFFL);
      case UINT64 -> varint(out, number, ScalarParser.parseUint64(text));
      case SINT32 -> {
        int value = ScalarParser.parseInt32(text);
        varint(out, number, ((value << 1) ^ (value >> 31)) & 0xFFFF_FFFFL); // zigzag
      }
      case SINT64 -> {
        long value = ScalarParser.parseInt64(text);
        varint(out, number, (value << 1) ^ (value >> 63)); // zigzag
      }
      case FIXED32 -> fixed32(out, number, ScalarParser.parseUint32(text));
      case SFIXED32 -> fixed32(out, number, ScalarParser.parseInt32(text));
      case FIXED64 -> fixed64(out, number, ScalarParser.parseUint64(text));
      case SFIXED64 -> fixed64(out, number, ScalarParser.parseInt64(text));
      case BOOL -> varint(out, number, ScalarParser.parseBool(text) ? 1 : 0);
      case ENUM -> varint(out, number, ScalarParser.parseEnum(field.getEnumType(), text, anyCaseEnums));
      // A Java String holds no malformed UTF-8: the query and path decoders reject it first.
      case STRING -> out.writeLengthDelimited(number, text.getBytes(StandardCharsets.UTF_8));
      case BYTES -> out.writeLengthDelimited(number, ScalarParser.parseBytes(text));
      case MESSAGE -> out.writeLengthDelimited(number, WellKnownTypes.encode(field.getMessageType(), text));
      case GROUP -> throw new InvalidValueException("group field " + field.getName() + " cannot be set from text");
    }
  }

  private static void varint(WireWriter out, int number, long value) {
    out.writeTag(number, WireFormat.WIRETYPE_VARINT);
    out.writeVarint(value);
  }

  private static void fixed32(WireWriter out, int number, int value) {
    out.writeTag(number, WireFormat.WIRETYPE_FIXED32);
    out.writeFixed32(value);
  }

  private static void fixed64(WireWriter out, int number, long value) {
    out.writeTag(number, WireFormat.WIRETYPE_FIXED64);
    out.writeFixed64(value);
  }
}
