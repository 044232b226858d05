package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a query parameter name ({@code page_size}, {@code author.displayName}, the base
 * {@code labels} of {@code labels[k]}) to the chain of fields it sets in a request type.
 *
 * <p>Each dot-separated segment matches a field of the current message by its proto name or,
 * failing that, its JSON name ({@code json_name} when declared, lowerCamel otherwise); names are
 * case-sensitive. Every segment but the last must be a singular message field. The last must be a
 * scalar, an enum, bytes, a repeated scalar or enum, a map of scalars, or a well-known type that
 * has a text form ({@link WellKnownTypes#isScalarLike}).
 *
 * <p>Thread safe. Successful resolutions are cached per (request type, name) so that the hot
 * path walks descriptors once per name. Failures are not cached: their names come from clients,
 * and caching them would let a client grow the cache without bound. Successful names are bounded
 * by the schema (a field path has at most two spellings per segment).
 */
final class QueryFieldResolver {
  /** What a parameter name resolves to. */
  sealed interface Resolution {}

  /** The fields from the request message down to the leaf; the leaf may be a map field. */
  record Found(List<FieldDescriptor> path) implements Resolution {
    Found {
      path = List.copyOf(path);
    }

    FieldDescriptor leaf() {
      return path.get(path.size() - 1);
    }

    /** The message fields that enclose the leaf, outermost first. */
    List<FieldDescriptor> parents() {
      return path.subList(0, path.size() - 1);
    }
  }

  /** Some segment names no field: skipped when unknown parameters are ignored. */
  record Unknown(String message) implements Resolution {}

  /** The name resolves, but to a field a query parameter cannot set: always an error. */
  record Invalid(String message) implements Resolution {}

  private final ConcurrentHashMap<Descriptor, ConcurrentHashMap<String, Found>> cache = new ConcurrentHashMap<>();

  Resolution resolve(Descriptor requestType, String name) {
    ConcurrentHashMap<String, Found> byName =
        cache.computeIfAbsent(requestType, type -> new ConcurrentHashMap<>());
    Found cached = byName.get(name);
    if (cached != null) {
      return cached;
    }
    Resolution resolution = walk(requestType, name);
    if (resolution instanceof Found found) {
      byName.putIfAbsent(name, found);
    }
    return resolution;
  }

  private static Resolution walk(Descriptor requestType, String name) {
    List<FieldDescriptor> path = new ArrayList<>();
    Descriptor type = requestType;
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      String segment = name.substring(start, dot < 0 ? name.length() : dot);
      FieldDescriptor field = findField(type, segment);
      if (field == null) {
        return new Unknown("unknown query parameter \"" + name + "\": " + type.getFullName()
            + " has no field " + (segment.isEmpty() ? "with an empty name" : segment));
      }
      path.add(field);
      if (dot < 0) {
        return leaf(name, path, field);
      }
      if (field.getJavaType() != JavaType.MESSAGE) {
        return new Unknown("unknown query parameter \"" + name + "\": field " + field.getName() + " of "
            + type.getFullName() + " is " + typeName(field) + ", not a message, so it has no field "
            + name.substring(dot + 1));
      }
      if (field.isRepeated()) {
        return new Invalid("query parameter \"" + name + "\" cannot be bound: "
            + (field.isMapField() ? "map" : "repeated message") + " field " + field.getName() + " of "
            + type.getFullName() + " cannot be set through its subfields");
      }
      type = field.getMessageType();
      start = dot + 1;
    }
  }

  private static Resolution leaf(String name, List<FieldDescriptor> path, FieldDescriptor leaf) {
    if (leaf.isMapField()) {
      FieldDescriptor value = leaf.getMessageType().findFieldByNumber(2);
      if (value.getJavaType() == JavaType.MESSAGE && !WellKnownTypes.isScalarLike(value.getMessageType())) {
        return new Invalid("query parameter \"" + name + "\" cannot be bound: map field " + leaf.getName()
            + " has message values (" + value.getMessageType().getFullName() + ")");
      }
      return new Found(path);
    }
    if (leaf.getJavaType() == JavaType.MESSAGE && !WellKnownTypes.isScalarLike(leaf.getMessageType())) {
      Descriptor type = leaf.getMessageType();
      return new Invalid("query parameter \"" + name + "\" names the message field " + leaf.getName()
          + " (" + type.getFullName() + "); set its fields one by one"
          + (leaf.isRepeated() || type.getFields().isEmpty() ? "" : ", e.g. " + name + "." + example(type).getName()));
    }
    return new Found(path);
  }

  /** A field to suggest in an error: the first scalar one, else the first. */
  private static FieldDescriptor example(Descriptor type) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() != JavaType.MESSAGE) {
        return field;
      }
    }
    return type.getFields().get(0);
  }

  /** Proto name first; then the JSON name, which protoc guarantees unique within a proto3 message. */
  private static FieldDescriptor findField(Descriptor type, String segment) {
    FieldDescriptor byName = type.findFieldByName(segment);
    if (byName != null || segment.isEmpty()) {
      return byName;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(segment)) {
        return field;
      }
    }
    return null;
  }

  static String typeName(FieldDescriptor field) {
    return (field.isRepeated() ? "repeated " : "") + field.getType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
