package dev.rosetta.gateway.codec;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.io.StringReader;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The reference codec's pre-pass for what JsonFormat lets through and the gateway refuses: a
 * field of one message object given twice (the same key, or its JSON and proto names: JsonFormat
 * keeps the last of equal keys through Gson's object model, and refuses two names only when the
 * first one set the field), a key repeated in one map object, and text after the document (which
 * JsonFormat never reads).
 *
 * <p>Why a pre-pass over Gson's tokens, in the reader mode JsonFormat itself uses (lenient),
 * rather than our strict tokenizer or a hook in JsonFormat: JsonFormat parses into Gson's tree,
 * where repeated keys are already gone, and offers no hook; our tokenizer refuses JSON that Gson
 * accepts, so it would change what the reference codec accepts. The same reader accepts the same
 * documents, and a syntax error here is left for JsonFormat to report in its own words. It costs a
 * second tokenization, on the codec that is not the default.
 *
 * <p>Keys are matched to fields wherever the walk knows the message type: plain messages, their
 * message, repeated and map fields. Inside {@code Any} (whose type may come last), {@code Struct}
 * and {@code Value}, and under unknown fields, keys are compared verbatim; unknown keys are not
 * tracked (refused by JsonFormat, or ignored with {@code --ignore-unknown-fields}).
 */
final class StrictDocument {
  /**
   * JSON nesting past which the walk gives up and leaves the document to JsonFormat, whose own
   * limit (100 messages deep, each at most an object and an array) refuses it anyway: a recursive
   * walk must not overflow the stack on a 100,000-deep document.
   */
  private static final int MAX_DEPTH = 400;
  private static final IllegalStateException TOO_DEEP = new IllegalStateException("too deep", null) {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private StrictDocument() {}

  /** Checks a document whose top-level value is a {@code type} message. */
  static void checkMessage(Descriptor type, String json) throws CodecException {
    check(null, type, json);
  }

  /** Checks a document whose value is that of {@code field} (a body bound to one field). */
  static void checkField(FieldDescriptor field, String json) throws CodecException {
    check(field, null, json);
  }

  private static void check(FieldDescriptor field, Descriptor type, String json) throws CodecException {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setLenient(true);
    try {
      if (field != null) {
        fieldValue(reader, field, 0);
      } else {
        message(reader, type, 0);
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      return; // malformed or too deep: JsonFormat refuses it with its own message
    }
    try {
      // Strict from here: a lenient reader would skip a comment after the document, which the
      // fast codec (and RFC 8259) count as text after it.
      reader.setLenient(false);
      if (reader.peek() == JsonToken.END_DOCUMENT) {
        return;
      }
    } catch (IOException | IllegalStateException e) {
      // something that is not even a value follows the document: still text after it
    }
    throw CodecErrors.trailingText();
  }

  private static void message(JsonReader r, Descriptor type, int depth) throws IOException, CodecException {
    if (depth > MAX_DEPTH) {
      throw TOO_DEEP;
    }
    if (r.peek() != JsonToken.BEGIN_OBJECT || isSpecial(type)) {
      verbatim(r, type.getFullName(), depth + 1);
      return;
    }
    BitSet seen = new BitSet(type.getFields().size());
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      FieldDescriptor field = byName(type, key);
      if (field == null) {
        r.skipValue();
        continue;
      }
      if (seen.get(field.getIndex())) {
        throw CodecErrors.duplicateField(key, type.getFullName());
      }
      seen.set(field.getIndex());
      fieldValue(r, field, depth + 1);
    }
    r.endObject();
  }

  private static void fieldValue(JsonReader r, FieldDescriptor field, int depth) throws IOException, CodecException {
    JsonToken next = r.peek();
    if (field.isMapField() && next == JsonToken.BEGIN_OBJECT) {
      FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
      Set<String> keys = new HashSet<>();
      r.beginObject();
      while (r.hasNext()) {
        String key = r.nextName();
        if (!keys.add(key)) {
          throw CodecErrors.duplicateMapKey(key, field.getFullName());
        }
        element(r, value, depth + 1);
      }
      r.endObject();
    } else if (field.isRepeated() && next == JsonToken.BEGIN_ARRAY) {
      r.beginArray();
      while (r.hasNext()) {
        element(r, field, depth + 1);
      }
      r.endArray();
    } else {
      element(r, field, depth);
    }
  }

  /** One value of a field's type: a message walked by its fields, anything else verbatim. */
  private static void element(JsonReader r, FieldDescriptor field, int depth) throws IOException, CodecException {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      message(r, field.getMessageType(), depth);
    } else {
      verbatim(r, field.getFullName(), depth);
    }
  }

  /** Any JSON value, refusing a key repeated verbatim in any of its objects. */
  private static void verbatim(JsonReader r, String where, int depth) throws IOException, CodecException {
    if (depth > MAX_DEPTH) {
      throw TOO_DEEP;
    }
    switch (r.peek()) {
      case BEGIN_OBJECT -> {
        boolean struct = where.startsWith("google.protobuf.") && (where.endsWith(".Struct") || where.endsWith(".Value")
            || where.endsWith(".ListValue"));
        Set<String> keys = new HashSet<>();
        r.beginObject();
        while (r.hasNext()) {
          String key = r.nextName();
          if (!keys.add(key)) {
            // Worded as the fast codec words it: a Struct is a map, an Any's keys are its fields.
            throw struct ? CodecErrors.duplicateMapKey(key, "google.protobuf.Struct.fields")
                : CodecErrors.duplicateField(key, where);
          }
          verbatim(r, where, depth + 1);
        }
        r.endObject();
      }
      case BEGIN_ARRAY -> {
        r.beginArray();
        while (r.hasNext()) {
          verbatim(r, where, depth + 1);
        }
        r.endArray();
      }
      default -> r.skipValue();
    }
  }

  /** JsonFormat's key lookup: the JSON name, or the proto name. */
  static FieldDescriptor byName(Descriptor type, String key) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(key) || field.getName().equals(key)) {
        return field;
      }
    }
    return null;
  }

  /** Well-known types with a JSON form of their own (RFC: the proto3 JSON mapping's table). */
  private static boolean isSpecial(Descriptor type) {
    return type.getFile().getPackage().equals("google.protobuf") && !type.getName().equals("Empty");
  }
}
