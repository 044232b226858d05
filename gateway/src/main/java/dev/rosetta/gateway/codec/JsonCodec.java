package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.netty.buffer.ByteBuf;

/**
 * JSON ⇄ protobuf wire format for any message type of one descriptor registry, by the proto3 JSON
 * mapping. Implementations are immutable and thread safe: built once per registry with fixed
 * {@link CodecOptions}, shared by all requests.
 *
 * <p>The gateway moves protobuf as wire bytes end to end, so the interface never exposes message
 * objects: a faster implementation may stream between JSON tokens and wire bytes directly. Wire
 * bytes returned by {@code parse*} may be concatenated: protobuf merges concatenated encodings
 * (last scalar wins, repeated fields append, messages merge), which is how request binding
 * combines the body with path and query values.
 */
public interface JsonCodec {

  /** Parses a UTF-8 JSON object (readable bytes of {@code json}, left unread) into wire bytes of {@code type}. */
  byte[] parse(Descriptor type, ByteBuf json) throws CodecException;

  /**
   * Parses the JSON value of one field (any JSON value: object, array, string, number...) and
   * returns the field encoded as it would appear inside its containing message, tags included.
   */
  byte[] parseField(FieldDescriptor field, ByteBuf json) throws CodecException;

  /** Prints wire bytes of {@code type} as a JSON object, appended to {@code out}. */
  void print(Descriptor type, byte[] wire, ByteBuf out) throws CodecException;

  /**
   * Prints only the value of {@code field} (for {@code response_body}) from wire bytes of its
   * containing message, appended to {@code out}: an object, array or scalar JSON value.
   */
  void printField(FieldDescriptor field, byte[] containingWire, ByteBuf out) throws CodecException;
}
