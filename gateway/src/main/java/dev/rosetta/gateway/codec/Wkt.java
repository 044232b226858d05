package dev.rosetta.gateway.codec;

/**
 * The well-known types that the proto3 JSON mapping prints and parses specially, by full name.
 * {@code google.protobuf.Empty} is not among them: it maps like any message ({@code {}}).
 */
enum Wkt {
  NONE,
  ANY,
  TIMESTAMP,
  DURATION,
  FIELD_MASK,
  STRUCT,
  VALUE,
  LIST_VALUE,
  /** Any of the nine wrappers: JSON is the wrapped scalar itself. */
  WRAPPER;

  static Wkt of(String fullName) {
    switch (fullName) {
      case "google.protobuf.Any": return ANY;
      case "google.protobuf.Timestamp": return TIMESTAMP;
      case "google.protobuf.Duration": return DURATION;
      case "google.protobuf.FieldMask": return FIELD_MASK;
      case "google.protobuf.Struct": return STRUCT;
      case "google.protobuf.Value": return VALUE;
      case "google.protobuf.ListValue": return LIST_VALUE;
      case "google.protobuf.DoubleValue":
      case "google.protobuf.FloatValue":
      case "google.protobuf.Int64Value":
      case "google.protobuf.UInt64Value":
      case "google.protobuf.Int32Value":
      case "google.protobuf.UInt32Value":
      case "google.protobuf.BoolValue":
      case "google.protobuf.StringValue":
      case "google.protobuf.BytesValue":
        return WRAPPER;
      default:
        return NONE;
    }
  }
}
