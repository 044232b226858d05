package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The reference codec: protobuf-java-util's {@link JsonFormat} over {@link DynamicMessage}.
 *
 * <p>Correct by construction (it is the proto3 JSON mapping's Java implementation) and the
 * yardstick every faster codec is tested against, but it builds a message object per call. Before
 * JsonFormat, {@link StrictDocument} refuses repeated fields and map keys and text after the
 * document, which JsonFormat lets through. Immutable and thread safe.
 */
public final class JsonFormatCodec implements JsonCodec {
  private final JsonFormat.Parser parser;
  private final JsonFormat.Printer printer;
  /** The printer without the emit-defaults option, for {@link #printField}. */
  private final JsonFormat.Printer basePrinter;
  private final boolean emitDefaults;
  private final boolean protoNames;
  /** Null unless enum names are taken in any case. */
  private final JsonFormat.TypeRegistry anyCaseEnums;
  private final JsonErrors errors;

  public JsonFormatCodec(DescriptorRegistry registry, CodecOptions options) {
    JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(registry.typeRegistry());
    if (options.ignoreUnknownFields()) {
      parser = parser.ignoringUnknownFields();
    }
    JsonFormat.Printer printer =
        JsonFormat.printer().usingTypeRegistry(registry.typeRegistry()).omittingInsignificantWhitespace();
    if (options.preserveProtoFieldNames()) {
      printer = printer.preservingProtoFieldNames();
    }
    if (options.enumsAsInts()) {
      printer = printer.printingEnumsAsInts();
    }
    this.basePrinter = printer;
    this.emitDefaults = options.emitDefaults();
    this.printer = options.emitDefaults() ? printer.alwaysPrintFieldsWithNoPresence() : printer;
    this.parser = parser;
    this.protoNames = options.preserveProtoFieldNames();
    this.anyCaseEnums = options.caseInsensitiveEnums() ? registry.typeRegistry() : null;
    this.errors = new JsonErrors(registry.typeRegistry(), options);
  }

  @Override
  public byte[] parse(Descriptor type, ByteBuf json) throws CodecException {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    String text = decodeUtf8(json);
    try {
      StrictDocument.checkMessage(type, text);
      if (anyCaseEnums != null) {
        text = AnyCaseEnums.message(type, text, anyCaseEnums);
      }
      merge(text, builder);
    } catch (CodecException e) {
      throw errors.diagnose(type, null, ByteBufUtil.getBytes(json), e);
    }
    return builder.build().toByteArray();
  }

  @Override
  public byte[] parseField(FieldDescriptor field, ByteBuf json) throws CodecException {
    // Wrap the value in an object holding just this field, then parse the containing type: the
    // only way to reach JsonFormat's conversion of a lone value (a scalar, a list, a map).
    String text = decodeUtf8(json);
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(field.getContainingType());
    try {
      StrictDocument.checkField(field, text);
      if (anyCaseEnums != null) {
        text = AnyCaseEnums.field(field, text, anyCaseEnums);
      }
      merge("{\"" + field.getJsonName() + "\":" + text + "}", builder);
    } catch (CodecException e) {
      throw errors.diagnose(null, field, ByteBufUtil.getBytes(json), e);
    }
    return builder.build().toByteArray();
  }

  @Override
  public void print(Descriptor type, byte[] wire, ByteBuf out) throws CodecException {
    write(printer, parseWire(type, wire), out);
  }

  @Override
  public void printField(FieldDescriptor field, byte[] containingWire, ByteBuf out) throws CodecException {
    DynamicMessage message = parseWire(field.getContainingType(), containingWire);
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
      write(printer, (Message) message.getField(field), out);
      return;
    }
    if (!field.isRepeated() && field.hasPresence() && !message.hasField(field)) {
      out.writeCharSequence("null", StandardCharsets.UTF_8);
      return;
    }
    // Print a message holding only this field, then cut the value out of {"name":value}. With
    // emitDefaults the other fields' defaults appear too, so look for ours. The field must appear
    // even when it holds its default: then (and only then, since a printer including a field
    // includes it in nested messages of recursive types too) print with it included.
    DynamicMessage only = DynamicMessage.newBuilder(field.getContainingType())
        .setField(field, message.getField(field))
        .build();
    String name = protoNames ? field.getName() : field.getJsonName();
    String json = printWith(printer, only);
    String value = JsonMembers.value(json, name);
    if (value == null && !emitDefaults) {
      json = printWith(basePrinter.includingDefaultValueFields(java.util.Set.of(field)), only);
      value = JsonMembers.value(json, name);
    }
    if (value == null) {
      throw new CodecException("cannot print field " + field.getFullName() + " alone: " + json);
    }
    out.writeCharSequence(value, StandardCharsets.UTF_8);
  }

  private void merge(String json, DynamicMessage.Builder builder) throws CodecException {
    try {
      parser.merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new CodecException(e.getMessage(), e);
    } catch (RuntimeException e) {
      // Gson's own syntax errors and number format errors surface as unchecked exceptions; the
      // client sees them reworded by JsonErrors.diagnose.
      throw new CodecException(e.getMessage(), e);
    }
  }

  private static DynamicMessage parseWire(Descriptor type, byte[] wire) throws CodecException {
    try {
      return DynamicMessage.parseFrom(type, wire);
    } catch (InvalidProtocolBufferException e) {
      throw new CodecException("malformed " + type.getFullName() + " message: " + e.getMessage(), e);
    }
  }

  private static void write(JsonFormat.Printer printer, Message message, ByteBuf out) throws CodecException {
    out.writeCharSequence(printWith(printer, message), StandardCharsets.UTF_8);
  }

  private static String printWith(JsonFormat.Printer printer, Message message) throws CodecException {
    try {
      return printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new CodecException("cannot print " + message.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Timestamps.toString, Durations.toString and printValue throw IllegalArgumentException for
      // values out of range (a NaN in a Value, a timestamp past 9999): bad backend data, not a bug.
      throw new CodecException("cannot print " + message.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Strict UTF-8: the JSON mapping requires it, and a replacement character would hide corruption.
   * The error says where the first bad byte is, as the streaming codec does.
   */
  static String decodeUtf8(ByteBuf json) throws CodecException {
    ByteBuffer bytes = json.nioBufferCount() == 1
        ? json.nioBuffer(json.readerIndex(), json.readableBytes())
        : ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(json));
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(bytes.remaining());
    int start = bytes.position();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (result.isError()) {
      byte[] all = ByteBufUtil.getBytes(json);
      int at = bytes.position() - start;
      throw JsonErrors.located(new CodecException("request body is not valid UTF-8"), all, 0, all.length, at);
    }
    decoder.flush(chars);
    return chars.flip().toString();
  }
}
