package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.nio.charset.StandardCharsets;

/**
 * One field of a {@link MessagePlan}: what the printer and parser need, computed once. The plan of
 * a message-typed field is resolved on first use, so recursive types compile.
 */
final class FieldPlan {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  final FieldDescriptor descriptor;
  final FieldDescriptor.Type type;
  final int number;
  /** Position in {@link MessagePlan#fields} (field-number order). */
  final int index;
  final int wireType;
  final int tag;
  /** The tag of the packed encoding (length-delimited), for packable repeated fields. */
  final int packedTag;
  final boolean repeated;
  final boolean map;
  final boolean packable;
  final boolean packed;
  /** Singular field with explicit presence: message, oneof member or proto3 {@code optional}. */
  final boolean presence;
  /** Index of the containing oneof (real or synthetic) in the message plan; -1 when none. */
  final int oneof;
  final byte[] jsonKey;
  final byte[] protoKey;
  final EnumPlan enumPlan;
  private final Descriptor messageType;
  private final PlanCache cache;
  private MessagePlan message;

  FieldPlan(FieldDescriptor descriptor, int index, int oneof, PlanCache cache) {
    this.descriptor = descriptor;
    this.type = descriptor.getType();
    this.number = descriptor.getNumber();
    this.index = index;
    this.wireType = wireTypeOf(type);
    this.tag = number << 3 | wireType;
    this.packedTag = number << 3 | LEN;
    this.repeated = descriptor.isRepeated();
    this.map = descriptor.isMapField();
    this.packable = descriptor.isPackable();
    this.packed = descriptor.isPacked();
    this.presence = !repeated && descriptor.hasPresence();
    this.oneof = oneof;
    // JsonFormat prints the names as they are, unescaped: "\"" + name + "\":".
    this.jsonKey = ("\"" + descriptor.getJsonName() + "\":").getBytes(StandardCharsets.UTF_8);
    this.protoKey = ("\"" + descriptor.getName() + "\":").getBytes(StandardCharsets.UTF_8);
    this.enumPlan = type == FieldDescriptor.Type.ENUM ? new EnumPlan(descriptor.getEnumType()) : null;
    this.messageType = type == FieldDescriptor.Type.MESSAGE ? descriptor.getMessageType() : null;
    this.cache = cache;
  }

  /** The plan of a message-typed field (map fields: the entry); resolved once, racy but idempotent. */
  MessagePlan message() {
    MessagePlan plan = message;
    if (plan == null) {
      plan = cache.plan(messageType);
      message = plan;
    }
    return plan;
  }

  boolean isMessage() {
    return messageType != null;
  }

  String fullName() {
    return descriptor.getFullName();
  }

  static int wireTypeOf(FieldDescriptor.Type type) {
    switch (type) {
      case DOUBLE: case FIXED64: case SFIXED64: return FIXED64;
      case FLOAT: case FIXED32: case SFIXED32: return FIXED32;
      case STRING: case BYTES: case MESSAGE: return LEN;
      case GROUP: return START_GROUP;
      default: return VARINT;
    }
  }

  static int oneofIndex(FieldDescriptor field) {
    OneofDescriptor oneof = field.getContainingOneof();
    return oneof == null ? -1 : oneof.getIndex();
  }
}
