package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (the 2020-12 dialect OpenAPI 3.1 uses) for messages, by the proto3 JSON mapping:
 * 64-bit integers are strings ({@code format: int64}), bytes are base64 strings, enums are their
 * value names (numbers with --enums-as-ints), maps are objects, well-known types take their JSON
 * forms ({@link WellKnownSchemas}). Messages become {@code components/schemas} entries, named by
 * {@link ComponentNames}, and are referenced, so recursive messages are fine.
 *
 * <p>{@code google.api.field_behavior}: {@code REQUIRED} fields are listed in {@code required},
 * {@code OUTPUT_ONLY} ones are {@code readOnly} (generated clients leave them out of requests),
 * {@code INPUT_ONLY} ones {@code writeOnly}, and {@code IMMUTABLE} is said in the description.
 * The {@code deprecated} option of fields and messages is carried.
 */
final class Schemas {
  static final String REF_PREFIX = "#/components/schemas/";

  private final ProtoComments comments;
  private final ComponentNames names;
  private final Map<String, Object> components = new TreeMap<>();
  private final boolean protoFieldNames;
  private final boolean enumsAsInts;

  /**
   * @param protoFieldNames name properties as the gateway prints them: proto names with
   *     --preserve-proto-field-names, else JSON names (request bodies accept both either way)
   * @param enumsAsInts the gateway prints enum numbers (--enums-as-ints)
   */
  Schemas(ProtoComments comments, ComponentNames names, boolean protoFieldNames, boolean enumsAsInts) {
    this.comments = comments;
    this.names = names;
    this.protoFieldNames = protoFieldNames;
    this.enumsAsInts = enumsAsInts;
  }

  /** Every message schema referenced so far, by name. */
  Map<String, Object> components() {
    return components;
  }

  /** The property name of {@code field} in JSON, as the gateway prints it. */
  String propertyName(FieldDescriptor field) {
    return protoFieldNames ? field.getName() : field.getJsonName();
  }

  /** The schema of a message: a well-known type's JSON form, or a reference to its component. */
  Map<String, Object> message(Descriptor message) {
    Map<String, Object> wkt = WellKnownSchemas.of(message.getFullName());
    if (wkt != null) {
      return wkt;
    }
    String name = names.of(message);
    if (!components.containsKey(name)) {
      components.put(name, obj()); // placeholder: stops recursion
      components.put(name, object(message, Set.of(), ""));
    }
    return ref(name);
  }

  /**
   * The schema of {@code message} without the fields at {@code removed} (dotted proto paths from
   * the message, {@code book.name}): a component of its own named {@code name} when something is
   * removed, else the message's own.
   */
  Map<String, Object> messageWithout(Descriptor message, Set<String> removed, String name) {
    if (removed.isEmpty() || WellKnownSchemas.of(message.getFullName()) != null) {
      return message(message);
    }
    String fresh = names.fresh(name);
    components.put(fresh, object(message, removed, ""));
    return ref(fresh);
  }

  private Map<String, Object> object(Descriptor message, Set<String> removed, String prefix) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (FieldDescriptor field : message.getFields()) {
      String path = prefix + field.getName();
      if (removed.contains(path)) {
        continue;
      }
      Map<String, Object> schema;
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
          && removed.stream().anyMatch(r -> r.startsWith(path + "."))
          && WellKnownSchemas.of(field.getMessageType().getFullName()) == null) {
        schema = object(field.getMessageType(), removed, path + "."); // inline: part of it is bound elsewhere
        describe(schema, comments.of(field));
      } else {
        schema = field(field);
      }
      properties.put(propertyName(field), schema);
      if (FieldBehaviors.of(field).contains(FieldBehaviors.REQUIRED)) {
        required.add(propertyName(field));
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    if (prefix.isEmpty()) {
      describe(schema, comments.of(message));
    }
    if (message.getOptions().getDeprecated()) {
      schema.put("deprecated", true);
    }
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("properties", properties);
    return schema;
  }

  /** The schema of a field's JSON value: repeated fields are arrays, maps objects. */
  Map<String, Object> field(FieldDescriptor field) {
    Map<String, Object> schema;
    if (field.isMapField()) {
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      schema = obj("type", "object", "additionalProperties", singular(value));
    } else if (field.isRepeated()) {
      schema = obj("type", "array", "items", singular(field));
    } else {
      schema = new LinkedHashMap<>(singular(field));
    }
    // 3.1 lets keywords stand beside $ref: a referenced message keeps its field's own notes.
    Set<FieldBehaviors> behaviors = FieldBehaviors.of(field);
    String description = comments.of(field);
    if (behaviors.contains(FieldBehaviors.IMMUTABLE)) {
      description = description.isEmpty() ? "Immutable: set when created, never changed."
          : description + "\n\nImmutable: set when created, never changed.";
    }
    describe(schema, description); // a field's own comment wins over a well-known type's note
    if (behaviors.contains(FieldBehaviors.OUTPUT_ONLY)) {
      schema.put("readOnly", true);
    }
    if (behaviors.contains(FieldBehaviors.INPUT_ONLY)) {
      schema.put("writeOnly", true);
    }
    if (field.getOptions().getDeprecated()) {
      schema.put("deprecated", true);
    }
    return schema;
  }

  /** One value of the field's type (its element, for a repeated field). */
  Map<String, Object> singular(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> obj("type", "integer", "format", "int32");
      case UINT32, FIXED32 -> obj("type", "integer", "format", "int64", "minimum", 0);
      // proto3 JSON prints 64-bit integers as strings: JavaScript numbers lose digits past 2^53.
      case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> obj("type", "string", "format", "int64");
      case FLOAT -> obj("type", "number", "format", "float");
      case DOUBLE -> obj("type", "number", "format", "double");
      case BOOL -> obj("type", "boolean");
      case STRING -> obj("type", "string");
      case BYTES -> obj("type", "string", "format", "byte", "contentEncoding", "base64");
      case ENUM -> enumSchema(field.getEnumType());
      case MESSAGE, GROUP -> message(field.getMessageType());
    };
  }

  Map<String, Object> enumSchema(EnumDescriptor type) {
    if (type.getFullName().equals("google.protobuf.NullValue")) {
      return obj("type", "null");
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    List<Object> values = new ArrayList<>();
    List<Object> varNames = new ArrayList<>();
    Set<Integer> numbers = new java.util.HashSet<>();
    for (EnumValueDescriptor value : type.getValues()) {
      if (!numbers.add(value.getNumber())) {
        continue; // an allow_alias alias: the gateway prints the first name of a number
      }
      values.add(enumsAsInts ? (Object) value.getNumber() : value.getName());
      varNames.add(value.getName());
    }
    if (enumsAsInts) {
      schema.put("type", "integer");
      schema.put("format", "int32");
      schema.put("enum", values);
      schema.put("x-enum-varnames", varNames); // openapi-generator's names for number enums
    } else {
      schema.put("type", "string");
      schema.put("enum", values);
    }
    describe(schema, comments.of(type));
    return schema;
  }

  private static Map<String, Object> ref(String name) {
    return obj("$ref", REF_PREFIX + name);
  }

  private static void describe(Map<String, Object> schema, String description) {
    if (!description.isEmpty()) {
      schema.put("description", description);
    }
  }
}
