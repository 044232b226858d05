package dev.rosetta.gateway.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wire bytes as a comparable message: parsed with DynamicMessage (field order on the wire does not
 * matter), with every Any payload re-serialized canonically, since the streaming parser writes a
 * payload's fields in JSON order where DynamicMessage writes them in number order.
 */
final class Canonical {
  private Canonical() {}

  static Message of(Descriptor type, byte[] wire, JsonFormat.TypeRegistry types) throws InvalidProtocolBufferException {
    return normalize(DynamicMessage.parseFrom(type, wire), types);
  }

  private static Message normalize(Message message, JsonFormat.TypeRegistry types) throws InvalidProtocolBufferException {
    Descriptor type = message.getDescriptorForType();
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      Object value = e.getValue();
      if (type.getFullName().equals("google.protobuf.Any") && field.getName().equals("value")) {
        String url = (String) message.getField(type.findFieldByName("type_url"));
        Descriptor payload = types.find(url.substring(url.lastIndexOf('/') + 1));
        if (payload != null) {
          value = normalize(DynamicMessage.parseFrom(payload, (ByteString) value), types).toByteString();
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (field.isRepeated()) {
          List<Object> list = new ArrayList<>();
          for (Object element : (List<?>) value) {
            list.add(normalize((Message) element, types));
          }
          value = list;
        } else {
          value = normalize((Message) value, types);
        }
      }
      b.setField(field, value);
    }
    return b.build();
  }
}
