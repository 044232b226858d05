package dev.rosetta.gateway.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;
import java.io.StringReader;
import java.util.Map;

/**
 * The reference codec's {@code --case-insensitive-enums}: JsonFormat only takes enum names as
 * declared, so before it parses, enum string values whose case differs from a declared name are
 * rewritten to that name (an exact match first, then the first declared name equal ignoring ASCII
 * case, as the streaming codec matches). The document is read into Gson's tree with the lenient
 * reader JsonFormat itself uses, walked with the message type (Any payloads by their {@code
 * @type}), and printed again only when something changed. A document Gson cannot read is left as
 * it is, for JsonFormat to refuse. Stateless.
 */
final class AnyCaseEnums {
  private AnyCaseEnums() {}

  /** {@code json}, a {@code type} message, with enum names in declared case. */
  static String message(Descriptor type, String json, JsonFormat.TypeRegistry types) {
    JsonElement root = read(json);
    return root != null && message(type, root, types) ? root.toString() : json;
  }

  /** {@code json}, the value of {@code field}, with enum names in declared case. */
  static String field(FieldDescriptor field, String json, JsonFormat.TypeRegistry types) {
    JsonElement root = read(json);
    if (root == null) {
      return json;
    }
    JsonElement[] holder = {root};
    return value(field, holder, types) ? holder[0].toString() : json;
  }

  private static JsonElement read(String json) {
    try {
      JsonReader reader = new JsonReader(new StringReader(json));
      reader.setLenient(true);
      return JsonParser.parseReader(reader);
    } catch (JsonParseException | StackOverflowError e) {
      return null;
    }
  }

  /** Rewrites the enum names of one message object; true when something changed. */
  private static boolean message(Descriptor type, JsonElement element, JsonFormat.TypeRegistry types) {
    if (!element.isJsonObject()) {
      return false;
    }
    JsonObject object = element.getAsJsonObject();
    if (type.getFullName().equals("google.protobuf.Any")) {
      JsonElement url = object.get("@type");
      Descriptor payload = url != null && url.isJsonPrimitive() ? find(types, url.getAsString()) : null;
      if (payload == null) {
        return false;
      }
      if (payload.getFile().getPackage().equals("google.protobuf")) {
        // A well-known type's payload is in "value": an Any in an Any is walked on, others hold no enum.
        JsonElement value = object.get("value");
        return value != null && message(payload, value, types);
      }
      type = payload;
    } else if (type.getFile().getPackage().equals("google.protobuf")) {
      return false; // Struct, Value and friends hold no enum fields
    }
    boolean changed = false;
    for (Map.Entry<String, JsonElement> member : object.entrySet()) {
      FieldDescriptor field = StrictDocument.byName(type, member.getKey());
      if (field != null) {
        JsonElement[] holder = {member.getValue()};
        if (value(field, holder, types)) {
          member.setValue(holder[0]);
          changed = true;
        }
      }
    }
    return changed;
  }

  /** One field's value in {@code holder[0]}, replaced when rewritten; true when something changed. */
  private static boolean value(FieldDescriptor field, JsonElement[] holder, JsonFormat.TypeRegistry types) {
    JsonElement value = holder[0];
    if (field.isMapField()) {
      FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
      if (!value.isJsonObject()) {
        return false;
      }
      boolean changed = false;
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        JsonElement[] inner = {entry.getValue()};
        if (single(valueField, inner, types)) {
          entry.setValue(inner[0]);
          changed = true;
        }
      }
      return changed;
    }
    if (field.isRepeated() && value.isJsonArray()) {
      JsonArray array = value.getAsJsonArray();
      boolean changed = false;
      for (int i = 0; i < array.size(); i++) {
        JsonElement[] inner = {array.get(i)};
        if (single(field, inner, types)) {
          array.set(i, inner[0]);
          changed = true;
        }
      }
      return changed;
    }
    return single(field, holder, types);
  }

  private static boolean single(FieldDescriptor field, JsonElement[] holder, JsonFormat.TypeRegistry types) {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return message(field.getMessageType(), holder[0], types);
    }
    if (field.getJavaType() != FieldDescriptor.JavaType.ENUM || !holder[0].isJsonPrimitive()
        || !holder[0].getAsJsonPrimitive().isString()) {
      return false;
    }
    String name = holder[0].getAsString();
    EnumDescriptor type = field.getEnumType();
    if (type.findValueByName(name) != null) {
      return false;
    }
    for (EnumValueDescriptor candidate : type.getValues()) {
      if (candidate.getName().equalsIgnoreCase(name)) {
        holder[0] = new JsonPrimitive(candidate.getName());
        return true;
      }
    }
    return false;
  }

  private static Descriptor find(JsonFormat.TypeRegistry types, String typeUrl) {
    return types.find(typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
  }
}
