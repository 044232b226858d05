package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import java.util.List;
import java.util.Map;

/**
 * The JSON forms of the well-known types, by the proto3 JSON mapping: they are written inline,
 * never as components, because their JSON is not an object with their fields.
 */
final class WellKnownSchemas {
  private WellKnownSchemas() {}

  /** The schema of {@code fullName}'s JSON form, or null when it is an ordinary message. */
  static Map<String, Object> of(String fullName) {
    return switch (fullName) {
      case "google.protobuf.Timestamp" -> obj("type", "string", "format", "date-time",
          "description", "An RFC 3339 timestamp in UTC, e.g. \"2024-05-01T12:00:00Z\"");
      case "google.protobuf.Duration" -> obj("type", "string", "pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$",
          "description", "A duration in seconds with up to nine fractional digits, ending in 's', e.g. \"1.5s\"");
      case "google.protobuf.FieldMask" -> obj("type", "string",
          "description", "Comma-separated lowerCamel field paths, e.g. \"title,author.displayName\"");
      case "google.protobuf.Struct" -> obj("type", "object", "additionalProperties", true);
      case "google.protobuf.Value" -> obj("description", "Any JSON value");
      case "google.protobuf.ListValue" -> obj("type", "array", "items", obj());
      case "google.protobuf.Empty" -> obj("type", "object");
      case "google.protobuf.Any" -> obj("type", "object", "required", List.of("@type"),
          "properties", obj("@type", obj("type", "string",
              "description", "The message's type URL, e.g. \"type.googleapis.com/google.rpc.ErrorInfo\"")),
          "additionalProperties", true,
          "description", "A message of the type @type names, with that message's fields");
      case "google.protobuf.DoubleValue" -> obj("type", List.of("number", "null"), "format", "double");
      case "google.protobuf.FloatValue" -> obj("type", List.of("number", "null"), "format", "float");
      case "google.protobuf.Int64Value", "google.protobuf.UInt64Value" ->
          obj("type", List.of("string", "null"), "format", "int64");
      case "google.protobuf.Int32Value" -> obj("type", List.of("integer", "null"), "format", "int32");
      case "google.protobuf.UInt32Value" -> obj("type", List.of("integer", "null"), "format", "int64", "minimum", 0);
      case "google.protobuf.BoolValue" -> obj("type", List.of("boolean", "null"));
      case "google.protobuf.StringValue" -> obj("type", List.of("string", "null"));
      case "google.protobuf.BytesValue" -> obj("type", List.of("string", "null"), "format", "byte",
          "contentEncoding", "base64");
      default -> null;
    };
  }
}
