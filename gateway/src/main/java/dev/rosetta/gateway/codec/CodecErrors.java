package dev.rosetta.gateway.codec;

/**
 * The wording of what the codecs refuse, once, so that both codecs say the same thing: what was
 * expected and what was found, never a parser's class name or its own phrasing. A message names
 * no field; {@link JsonErrors#located} puts the field as the client spelled it and the line and
 * column around it.
 */
final class CodecErrors {
  private CodecErrors() {}

  /** What a scalar field takes, for "expected ...". */
  static String kind(FieldPlan field) {
    return switch (field.type) {
      case INT32, SINT32, SFIXED32 -> "a 32-bit integer";
      case UINT32, FIXED32 -> "an unsigned 32-bit integer";
      case INT64, SINT64, SFIXED64 -> "a 64-bit integer (a number or a string of digits)";
      case UINT64, FIXED64 -> "an unsigned 64-bit integer (a number or a string of digits)";
      case FLOAT, DOUBLE -> "a number (or \"NaN\", \"Infinity\", \"-Infinity\")";
      case BOOL -> "true or false";
      case STRING -> "a string";
      case BYTES -> "a string of base64";
      case ENUM -> enumKind(field.enumPlan);
      default -> "a JSON object (" + field.descriptor.getMessageType().getFullName() + ")";
    };
  }

  /** {@code a value of enum pkg.Color (RED, GREEN) or its number}. */
  static String enumKind(EnumPlan plan) {
    return "a value of enum " + plan.fullName + " (" + plan.names(12) + ") or its number";
  }

  /** The scalar just read, as the client wrote it: strings in quotes. */
  static String found(JsonInput in) {
    String text = in.textString();
    if (in.kind != JsonInput.STRING) {
      return text;
    }
    StringBuilder quoted = new StringBuilder(text.length() + 2);
    dev.rosetta.gateway.status.JsonStrings.quote(text.length() > 60 ? text.substring(0, 60) + "..." : text, quoted);
    return quoted.toString();
  }

  /** A scalar that does not fit its field. */
  static CodecException invalidScalar(FieldPlan field, JsonInput in) {
    return invalid(kind(field), in);
  }

  /** The scalar just read is not {@code what}. */
  static CodecException invalid(String what, JsonInput in) {
    return new CodecException("expected " + what + ", found " + found(in), in.tokenStart);
  }

  /** A problem with the key just read (unknown, given twice): located at the key, naming it. */
  static CodecException atKey(String message, JsonInput in) {
    return new CodecException(message, in.tokenStart, true);
  }

  /** A JSON value of the wrong kind at {@code at}. */
  static CodecException expected(String what, JsonInput in, int at) {
    return new CodecException("expected " + what + ", found " + in.excerpt(at), at);
  }

  /** A JSON value of the wrong kind at the parser's position. */
  static CodecException expected(String what, JsonInput in) {
    return expected(what, in, in.pos);
  }
  /** A field of one message object given twice, by the same key or by its JSON and proto names. */
  static CodecException duplicateField(String key, String message) {
    return new CodecException("duplicate field \"" + key + "\" in " + message);
  }

  /** A key given twice in one map (or Struct) object. */
  static CodecException duplicateMapKey(String key, String field) {
    return new CodecException("duplicate map key \"" + key + "\" in " + field);
  }

  /** Something other than whitespace after the JSON document (located by the caller when it can). */
  static CodecException trailingText() {
    return new CodecException("unexpected text after the JSON document");
  }
}
