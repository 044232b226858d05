package dev.rosetta.gateway.codec;

/**
 * How JSON is printed and parsed, by the proto3 JSON mapping.
 *
 * @param preserveProtoFieldNames print {@code field_name} rather than the lowerCamel JSON name
 * @param emitDefaults print fields that hold their default value (proto3 scalars, empty lists)
 * @param enumsAsInts print enum values as numbers rather than names
 * @param ignoreUnknownFields accept and drop JSON fields the message does not declare
 * @param caseInsensitiveEnums parse enum value names in any case: an exact match first, then the
 *     first declared name equal ignoring ASCII case (Envoy's {@code case_insensitive_enum_parsing})
 */
public record CodecOptions(boolean preserveProtoFieldNames, boolean emitDefaults, boolean enumsAsInts,
    boolean ignoreUnknownFields, boolean caseInsensitiveEnums) {

  public static final CodecOptions DEFAULTS = new CodecOptions(false, false, false, false, false);

  /** Options with exact enum names. */
  public CodecOptions(boolean preserveProtoFieldNames, boolean emitDefaults, boolean enumsAsInts,
      boolean ignoreUnknownFields) {
    this(preserveProtoFieldNames, emitDefaults, enumsAsInts, ignoreUnknownFields, false);
  }

  public CodecOptions withCaseInsensitiveEnums(boolean caseInsensitive) {
    return new CodecOptions(preserveProtoFieldNames, emitDefaults, enumsAsInts, ignoreUnknownFields, caseInsensitive);
  }
}
