package dev.rosetta.gateway.codec;

/**
 * How JSON is printed and parsed, by the proto3 JSON mapping.
 *
 * @param preserveProtoFieldNames print {@code field_name} rather than the lowerCamel JSON name
 * @param emitDefaults print fields that hold their default value (proto3 scalars, empty lists)
 * @param enumsAsInts print enum values as numbers rather than names
 * @param ignoreUnknownFields accept and drop JSON fields the message does not declare
 */
public record CodecOptions(
    boolean preserveProtoFieldNames, boolean emitDefaults, boolean enumsAsInts, boolean ignoreUnknownFields) {

  public static final CodecOptions DEFAULTS = new CodecOptions(false, false, false, false);
}
