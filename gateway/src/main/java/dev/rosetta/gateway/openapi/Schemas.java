package dev.rosetta.gateway.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Schemas (the 2020-12 dialect OpenAPI 3.1 uses) for messages, by the proto3 JSON mapping:
 * 64-bit integers are strings, bytes are base64 strings, enums are their value names, maps are
 * objects, well-known types take their JSON forms (Timestamp an RFC 3339 string, Duration
 * {@code "1.5s"}, wrappers their wrapped value, Struct an object, Value anything, Any an object
 * with {@code @type}). Messages become {@code components/schemas} entries named by full name and
 * are referenced, so recursive messages are fine.
 */
final class Schemas {
  static final String REF_PREFIX = "#/components/schemas/";

  private final ProtoComments comments;
  private final Map<String, Object> components = new TreeMap<>();
  private final boolean protoFieldNames;

  /**
   * {@code protoFieldNames}: name properties as the gateway prints them, proto names with
   * --preserve-proto-field-names, else JSON names (request bodies accept both either way).
   */
  Schemas(ProtoComments comments, boolean protoFieldNames) {
    this.comments = comments;
    this.protoFieldNames = protoFieldNames;
  }

  /** Every message schema referenced so far, by name. */
  Map<String, Object> components() {
    return components;
  }

  /** The schema of a message: a well-known type's JSON form, or a reference to its component. */
  Map<String, Object> message(Descriptor message) {
    Map<String, Object> wkt = wellKnown(message.getFullName());
    if (wkt != null) {
      return wkt;
    }
    String name = message.getFullName();
    if (!components.containsKey(name)) {
      components.put(name, Tree.obj()); // placeholder: stops recursion
      Map<String, Object> properties = new LinkedHashMap<>();
      for (FieldDescriptor field : message.getFields()) {
        properties.put(protoFieldNames ? field.getName() : field.getJsonName(), field(field));
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      describe(schema, comments.of(message));
      schema.put("properties", properties);
      components.put(name, schema);
    }
    return Tree.obj("$ref", REF_PREFIX + name);
  }

  /** The schema of a field's JSON value: repeated fields are arrays, maps objects. */
  Map<String, Object> field(FieldDescriptor field) {
    Map<String, Object> schema;
    if (field.isMapField()) {
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("additionalProperties", singular(value));
    } else if (field.isRepeated()) {
      schema = new LinkedHashMap<>();
      schema.put("type", "array");
      schema.put("items", singular(field));
    } else {
      schema = new LinkedHashMap<>(singular(field));
    }
    if (!schema.containsKey("$ref")) {
      describe(schema, comments.of(field));
    }
    return schema;
  }

  /** One value of the field's type (its element, for a repeated field). */
  Map<String, Object> singular(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> Tree.obj("type", "integer", "format", "int32");
      case UINT32, FIXED32 -> Tree.obj("type", "integer", "format", "int64", "minimum", 0);
      case INT64, SINT64, SFIXED64 -> Tree.obj("type", "string", "format", "int64");
      case UINT64, FIXED64 -> Tree.obj("type", "string", "format", "uint64");
      case FLOAT -> Tree.obj("type", "number", "format", "float");
      case DOUBLE -> Tree.obj("type", "number", "format", "double");
      case BOOL -> Tree.obj("type", "boolean");
      case STRING -> Tree.obj("type", "string");
      case BYTES -> Tree.obj("type", "string", "format", "byte", "contentEncoding", "base64");
      case ENUM -> enumSchema(field.getEnumType());
      case MESSAGE, GROUP -> message(field.getMessageType());
    };
  }

  Map<String, Object> enumSchema(EnumDescriptor type) {
    if (type.getFullName().equals("google.protobuf.NullValue")) {
      return Tree.obj("type", "null");
    }
    List<String> names = new ArrayList<>();
    for (EnumValueDescriptor value : type.getValues()) {
      names.add(value.getName());
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "string");
    schema.put("enum", names);
    describe(schema, comments.of(type));
    return schema;
  }

  private static void describe(Map<String, Object> schema, String description) {
    if (!description.isEmpty()) {
      schema.put("description", description);
    }
  }

  private static Map<String, Object> wellKnown(String fullName) {
    return switch (fullName) {
      case "google.protobuf.Timestamp" -> Tree.obj("type", "string", "format", "date-time");
      case "google.protobuf.Duration" -> Tree.obj("type", "string", "pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$",
          "description", "A duration in seconds with up to nine fractional digits, ending in 's', e.g. \"1.5s\"");
      case "google.protobuf.FieldMask" -> Tree.obj("type", "string",
          "description", "Comma-separated lowerCamel field paths, e.g. \"title,author.name\"");
      case "google.protobuf.Struct" -> Tree.obj("type", "object", "additionalProperties", true);
      case "google.protobuf.Value" -> Tree.obj("description", "Any JSON value");
      case "google.protobuf.ListValue" -> Tree.obj("type", "array", "items", Tree.obj());
      case "google.protobuf.Empty" -> Tree.obj("type", "object", "additionalProperties", false);
      case "google.protobuf.Any" -> Tree.obj("type", "object", "required", List.of("@type"),
          "properties", Tree.obj("@type", Tree.obj("type", "string")), "additionalProperties", true);
      case "google.protobuf.DoubleValue" -> Tree.obj("type", List.of("number", "null"), "format", "double");
      case "google.protobuf.FloatValue" -> Tree.obj("type", List.of("number", "null"), "format", "float");
      case "google.protobuf.Int64Value" -> Tree.obj("type", List.of("string", "null"), "format", "int64");
      case "google.protobuf.UInt64Value" -> Tree.obj("type", List.of("string", "null"), "format", "uint64");
      case "google.protobuf.Int32Value" -> Tree.obj("type", List.of("integer", "null"), "format", "int32");
      case "google.protobuf.UInt32Value" -> Tree.obj("type", List.of("integer", "null"), "format", "int64");
      case "google.protobuf.BoolValue" -> Tree.obj("type", List.of("boolean", "null"));
      case "google.protobuf.StringValue" -> Tree.obj("type", List.of("string", "null"));
      case "google.protobuf.BytesValue" -> Tree.obj("type", List.of("string", "null"), "format", "byte");
      default -> null;
    };
  }
}
