package dev.rosetta.gateway.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/** Parses response bodies into generated messages, so tests assert on typed values. */
public final class Json {
  private Json() {}

  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(String json, T prototype) {
    Message.Builder builder = prototype.newBuilderForType();
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a " + prototype.getDescriptorForType().getFullName() + ": " + json, e);
    }
    return (T) builder.build();
  }
}
