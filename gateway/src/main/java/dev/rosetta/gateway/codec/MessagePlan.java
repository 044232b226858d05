package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A message type compiled for streaming: its fields in field-number order (the order JsonFormat
 * prints them, since it walks {@code getAllFields()}, a map sorted by number), a number lookup,
 * and the JSON key table. Immutable once built; shared by all calls through {@link PlanCache}.
 */
final class MessagePlan {
  private static final int DENSE_LIMIT = 256;

  final Descriptor type;
  final String fullName;
  final Wkt wkt;
  /** Fields by ascending number. */
  final FieldPlan[] fields;
  final NameTable names;
  final int oneofCount;
  final byte[] quotedFullName;
  private final FieldPlan[] byNumber;

  MessagePlan(Descriptor type, PlanCache cache) {
    this.type = type;
    this.fullName = type.getFullName();
    this.wkt = Wkt.of(fullName);
    List<FieldDescriptor> sorted = new ArrayList<>(type.getFields());
    sorted.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
    fields = new FieldPlan[sorted.size()];
    int maxNumber = 0;
    for (int i = 0; i < fields.length; i++) {
      FieldDescriptor field = sorted.get(i);
      fields[i] = new FieldPlan(field, i, FieldPlan.oneofIndex(field), cache);
      maxNumber = Math.max(maxNumber, field.getNumber());
    }
    FieldPlan[] declarationOrder = new FieldPlan[fields.length];
    for (FieldPlan field : fields) {
      declarationOrder[field.descriptor.getIndex()] = field;
    }
    names = new NameTable(declarationOrder);
    oneofCount = type.getOneofs().size();
    quotedFullName = ("\"" + fullName + "\"").getBytes(StandardCharsets.UTF_8);
    if (maxNumber <= DENSE_LIMIT) {
      byNumber = new FieldPlan[maxNumber + 1];
      for (FieldPlan field : fields) {
        byNumber[field.number] = field;
      }
    } else {
      byNumber = null;
    }
  }

  /** The field with this number, or null. */
  FieldPlan field(int number) {
    if (byNumber != null) {
      return number < byNumber.length ? byNumber[number] : null;
    }
    int lo = 0;
    int hi = fields.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int n = fields[mid].number;
      if (n < number) {
        lo = mid + 1;
      } else if (n > number) {
        hi = mid - 1;
      } else {
        return fields[mid];
      }
    }
    return null;
  }

  /** The field named {@code name} in the .proto (WKT handlers use their fixed field names). */
  FieldPlan field(String protoName) {
    for (FieldPlan field : fields) {
      if (field.descriptor.getName().equals(protoName)) {
        return field;
      }
    }
    return null;
  }
}
