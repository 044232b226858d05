package dev.rosetta.gateway.codec;

/**
 * The messages of what both codecs refuse beyond JsonFormat (which keeps the last of a repeated
 * key and ignores text after the document), worded once so the two codecs say the same thing.
 */
final class CodecErrors {
  private CodecErrors() {}

  /** A field of one message object given twice, by the same key or by its JSON and proto names. */
  static CodecException duplicateField(String key, String message) {
    return new CodecException("duplicate field \"" + key + "\" in " + message);
  }

  /** A key given twice in one map (or Struct) object. */
  static CodecException duplicateMapKey(String key, String field) {
    return new CodecException("duplicate map key \"" + key + "\" in " + field);
  }

  /** Something other than whitespace after the JSON document; {@code offset} in bytes or chars, -1 unknown. */
  static CodecException trailingText(int offset) {
    return new CodecException("unexpected text after the JSON document" + (offset >= 0 ? " at offset " + offset : ""));
  }
}
