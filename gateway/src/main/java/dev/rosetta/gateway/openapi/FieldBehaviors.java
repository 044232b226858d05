package dev.rosetta.gateway.openapi;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A field's {@code google.api.field_behavior} annotations (google/api/field_behavior.proto,
 * extension 1052 of FieldOptions). Read whether the descriptors were parsed with that extension
 * registered (generated classes) or not (a descriptor set file, where it is an unknown field,
 * packed or not), so the gateway needs no registry entry for it.
 */
enum FieldBehaviors {
  OPTIONAL(1), REQUIRED(2), OUTPUT_ONLY(3), INPUT_ONLY(4), IMMUTABLE(5);

  static final int EXTENSION = 1052;

  private final int number;

  FieldBehaviors(int number) {
    this.number = number;
  }

  static Set<FieldBehaviors> of(FieldDescriptor field) {
    Set<FieldBehaviors> out = EnumSet.noneOf(FieldBehaviors.class);
    for (Map.Entry<FieldDescriptor, Object> e : field.getOptions().getAllFields().entrySet()) {
      if (e.getKey().isExtension() && e.getKey().getNumber() == EXTENSION && e.getValue() instanceof List<?> values) {
        for (Object value : values) {
          if (value instanceof EnumValueDescriptor v) {
            add(out, v.getNumber());
          } else if (value instanceof com.google.protobuf.ProtocolMessageEnum v) {
            add(out, v.getNumber());
          }
        }
      }
    }
    UnknownFieldSet.Field unknown = field.getOptions().getUnknownFields().getField(EXTENSION);
    for (long value : unknown.getVarintList()) {
      add(out, (int) value);
    }
    for (ByteString packed : unknown.getLengthDelimitedList()) {
      try {
        CodedInputStream in = packed.newCodedInput();
        while (!in.isAtEnd()) {
          add(out, in.readEnum());
        }
      } catch (IOException e) {
        // A malformed option says nothing we can use; the field just has no behaviour noted.
      }
    }
    return out;
  }

  private static void add(Set<FieldBehaviors> out, int number) {
    for (FieldBehaviors b : values()) {
      if (b.number == number) {
        out.add(b);
      }
    }
  }
}
