package dev.rosetta.gateway.codec;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.rosetta.examples.library.v1.LibraryProto;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.test.codec.v1.CodecTestProto;
import dev.rosetta.test.codec.v1.LegacyProto;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Runs the same call through the reference and the streaming codec and compares the outcomes. */
final class Differential {
  static final DescriptorRegistry REGISTRY = DescriptorRegistry.of(List.of(
      LibraryProto.getDescriptor(), CodecTestProto.getDescriptor(), LegacyProto.getDescriptor()));

  /** Every message type of the example API and of the test proto (map entries excluded). */
  static final List<Descriptor> TYPES = new ArrayList<>();
  /** Types packed into Any values by the generator. */
  static final List<Descriptor> ANY_TYPES = List.of(
      CodecTestProto.getDescriptor().findMessageTypeByName("Scalars"),
      CodecTestProto.getDescriptor().findMessageTypeByName("Recursive"),
      CodecTestProto.getDescriptor().findMessageTypeByName("Oneofs"),
      LibraryProto.getDescriptor().findMessageTypeByName("Book"),
      Timestamp.getDescriptor(), Duration.getDescriptor(), Value.getDescriptor(), Struct.getDescriptor(),
      Int64Value.getDescriptor(), FieldMask.getDescriptor(), Any.getDescriptor(), Empty.getDescriptor());

  static {
    for (FileDescriptor file : List.of(LibraryProto.getDescriptor(), CodecTestProto.getDescriptor())) {
      TYPES.addAll(file.getMessageTypes());
    }
  }

  /** What a call produced: output text (JSON) or hex (wire), or the failure. */
  record Outcome(String output, String error) {
    boolean failed() {
      return error != null;
    }

    boolean sameAs(Outcome other) {
      return failed() ? other.failed() : !other.failed() && output.equals(other.output);
    }
  }

  final JsonFormatCodec reference;
  final FastJsonCodec fast;
  final CodecOptions options;

  Differential(CodecOptions options) {
    this.options = options;
    this.reference = new JsonFormatCodec(REGISTRY, options);
    this.fast = new FastJsonCodec(REGISTRY, options);
  }

  static List<CodecOptions> allOptions() {
    List<CodecOptions> all = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      all.add(new CodecOptions((i & 1) != 0, (i & 2) != 0, (i & 4) != 0, (i & 8) != 0));
    }
    return all;
  }

  static Outcome print(JsonCodec codec, Descriptor type, byte[] wire) {
    ByteBuf out = Unpooled.buffer();
    try {
      codec.print(type, wire, out);
      return new Outcome(out.toString(StandardCharsets.UTF_8), null);
    } catch (CodecException e) {
      return new Outcome(null, String.valueOf(e.getMessage()));
    } finally {
      out.release();
    }
  }

  static Outcome printField(JsonCodec codec, com.google.protobuf.Descriptors.FieldDescriptor field, byte[] wire) {
    ByteBuf out = Unpooled.buffer();
    try {
      codec.printField(field, wire, out);
      return new Outcome(out.toString(StandardCharsets.UTF_8), null);
    } catch (CodecException e) {
      return new Outcome(null, String.valueOf(e.getMessage()));
    } finally {
      out.release();
    }
  }

  /** Parses and renders the result canonically (as a message, Any payloads normalized). */
  static Outcome parse(JsonCodec codec, Descriptor type, byte[] json) {
    ByteBuf in = Unpooled.wrappedBuffer(json);
    try {
      byte[] wire = codec.parse(type, in);
      return new Outcome(canonical(type, wire), null);
    } catch (CodecException e) {
      return new Outcome(null, String.valueOf(e.getMessage()));
    } finally {
      in.release();
    }
  }

  static Outcome parseField(JsonCodec codec, com.google.protobuf.Descriptors.FieldDescriptor field, byte[] json) {
    ByteBuf in = Unpooled.wrappedBuffer(json);
    try {
      byte[] wire = codec.parseField(field, in);
      return new Outcome(canonical(field.getContainingType(), wire), null);
    } catch (CodecException e) {
      return new Outcome(null, String.valueOf(e.getMessage()));
    } finally {
      in.release();
    }
  }

  private static String canonical(Descriptor type, byte[] wire) {
    try {
      Message m = Canonical.of(type, wire, REGISTRY.typeRegistry());
      return m.toString() + "|" + HexFormat.of().formatHex(m.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      return "UNPARSEABLE " + HexFormat.of().formatHex(wire);
    }
  }

  static String describe(long seed, Descriptor type, CodecOptions options, Object input, Outcome ref, Outcome fast) {
    return "seed=" + seed + " type=" + type.getFullName() + " options=" + options + "\ninput: " + input
        + "\nreference: " + Objects.toString(ref.output, "ERROR " + ref.error)
        + "\nfast:      " + Objects.toString(fast.output, "ERROR " + fast.error);
  }
}
