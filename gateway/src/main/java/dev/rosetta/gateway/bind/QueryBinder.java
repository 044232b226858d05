package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import dev.rosetta.gateway.bind.QueryFieldResolver.Found;
import dev.rosetta.gateway.bind.QueryFieldResolver.Invalid;
import dev.rosetta.gateway.bind.QueryFieldResolver.Resolution;
import dev.rosetta.gateway.bind.QueryFieldResolver.Unknown;
import dev.rosetta.gateway.route.Route;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds query parameters to request fields, appending one encoded fragment per parameter.
 *
 * <p>Per request it rejects, naming the parameter: a field the route takes from elsewhere (any
 * field when {@code body: "*"}, a field under the body field, a leaf a path variable binds), a
 * singular field or map key given twice (silently keeping the last would hide a client bug), and
 * two members of one oneof. A repeated field takes every occurrence, in order. Immutable and
 * thread safe; per-request state lives on the stack.
 */
final class QueryBinder {
  private final QueryFieldResolver resolver = new QueryFieldResolver();
  private final boolean ignoreUnknown;
  private final boolean anyCaseEnums;

  QueryBinder(boolean ignoreUnknown, boolean anyCaseEnums) {
    this.ignoreUnknown = ignoreUnknown;
    this.anyCaseEnums = anyCaseEnums;
  }

  void bind(Route route, String rawQuery, WireWriter out) throws BindException {
    List<QueryString.Parameter> parameters = QueryString.parse(rawQuery);
    Set<Object> seen = null; // singular leaf paths and map keys already set; made on first use
    Map<OneofMember, FieldDescriptor> oneofs = null;
    for (QueryString.Parameter parameter : parameters) {
      String name = parameter.name();
      String mapKey = null;
      String fieldName = name;
      int bracket = name.indexOf('[');
      if (bracket > 0 && name.endsWith("]")) {
        fieldName = name.substring(0, bracket);
        mapKey = name.substring(bracket + 1, name.length() - 1);
      }
      Resolution resolution = resolver.resolve(route.method().getInputType(), fieldName);
      if (resolution instanceof Unknown unknown) {
        if (ignoreUnknown) {
          continue;
        }
        throw new BindException(unknown.message());
      }
      if (resolution instanceof Invalid invalid) {
        throw new BindException(invalid.message());
      }
      Found found = (Found) resolution;
      FieldDescriptor leaf = found.leaf();
      if (leaf.isMapField() != (mapKey != null)) {
        throw new BindException(leaf.isMapField()
            ? "query parameter \"" + name + "\" names the map field " + leaf.getName() + "; set one entry as " + name + "[key]=value"
            : "query parameter \"" + name + "\": field " + fieldName + " is not a map, so it takes no [key]");
      }
      checkRouteOwnsNot(route, name, found.path());
      if (seen == null) {
        seen = new HashSet<>();
      }
      if (mapKey != null ? !seen.add(new MapEntry(found.path(), mapKey)) : !leaf.isRepeated() && !seen.add(found.path())) {
        throw new BindException("query parameter \"" + name + "\" is given more than once, but field "
            + (mapKey != null ? fieldName + " holds one value per key" : fieldName + " is not repeated"));
      }
      oneofs = checkOneofs(found.path(), name, oneofs);
      out.writeNested(found.parents(), encode(name, leaf, mapKey, parameter.value()));
    }
  }

  /** The leaf encoded with its tag: one element of a repeated field, or one map entry. */
  private byte[] encode(String name, FieldDescriptor leaf, String mapKey, String value) throws BindException {
    try {
      if (mapKey == null) {
        return ValueEncoder.encode(leaf, value, anyCaseEnums);
      }
      WireWriter entry = new WireWriter(mapKey.length() + value.length() + 8);
      FieldDescriptor keyField = leaf.getMessageType().findFieldByNumber(1);
      try {
        ValueEncoder.write(entry, keyField, mapKey, anyCaseEnums);
      } catch (InvalidValueException e) {
        throw new BindException("invalid map key in query parameter \"" + name + "\": " + e.getMessage());
      }
      ValueEncoder.write(entry, leaf.getMessageType().findFieldByNumber(2), value, anyCaseEnums);
      WireWriter field = new WireWriter(entry.size() + 8);
      field.writeLengthDelimited(leaf.getNumber(), entry.toByteArray());
      return field.toByteArray();
    } catch (InvalidValueException e) {
      throw new BindException("invalid query parameter \"" + name + "\": " + e.getMessage());
    }
  }

  /** By http.proto, a field bound by the path or the body is not also a query parameter. */
  private static void checkRouteOwnsNot(Route route, String name, List<FieldDescriptor> path) throws BindException {
    if ("*".equals(route.body())) {
      throw new BindException("query parameter \"" + name + "\" is not allowed: " + route
          + " takes every field not in the path from the request body (body: \"*\")");
    }
    List<FieldDescriptor> body = route.bodyPath();
    if (!body.isEmpty() && path.size() >= body.size() && path.subList(0, body.size()).equals(body)) {
      throw new BindException("query parameter \"" + name + "\" is not allowed: " + route
          + " takes field " + route.body() + " from the request body");
    }
    for (List<FieldDescriptor> bound : route.pathFields()) {
      if (bound.equals(path)) {
        throw new BindException("query parameter \"" + name + "\" is not allowed: " + route
            + " binds that field from the path");
      }
    }
  }

  /** Rejects a second member of the same oneof (at the same place in the message tree). */
  private static Map<OneofMember, FieldDescriptor> checkOneofs(
      List<FieldDescriptor> path, String name, Map<OneofMember, FieldDescriptor> oneofs) throws BindException {
    for (int i = 0; i < path.size(); i++) {
      FieldDescriptor field = path.get(i);
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof == null) {
        continue;
      }
      if (oneofs == null) {
        oneofs = new HashMap<>();
      }
      FieldDescriptor other = oneofs.putIfAbsent(new OneofMember(path.subList(0, i), oneof), field);
      if (other != null && !other.equals(field)) {
        throw new BindException("query parameter \"" + name + "\" conflicts with field " + other.getName()
            + ": both belong to oneof " + oneof.getName() + ", which holds one of them");
      }
    }
    return oneofs;
  }

  private record MapEntry(List<FieldDescriptor> path, String key) {}

  private record OneofMember(List<FieldDescriptor> parents, OneofDescriptor oneof) {}
}
