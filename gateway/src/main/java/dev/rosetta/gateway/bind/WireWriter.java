package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.util.Arrays;
import java.util.List;

/**
 * Appends protobuf wire format to a growable byte array: tags, varints, fixed-width numbers and
 * length-delimited fields. Not thread safe; one per request (or per fragment).
 *
 * <p>Why not {@code CodedOutputStream}: binding writes many tiny fragments whose final size is
 * unknown up front, and nests each fragment inside its parent fields ({@link #writeNested}); a
 * plain array with size-first prefixes does both without a stream per fragment.
 */
final class WireWriter {
  private byte[] buffer;
  private int size;

  WireWriter(int initialCapacity) {
    this.buffer = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The bytes written; a buffer made to the exact size and filled is handed over without a copy. */
  byte[] toByteArray() {
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  void writeTag(int fieldNumber, int wireType) {
    writeVarint(tag(fieldNumber, wireType));
  }

  /** Unsigned LEB128; a negative int32 must be sign-extended to 64 bits by the caller (10 bytes). */
  void writeVarint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  void writeFixed32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buffer[size++] = (byte) (value >>> (8 * i));
    }
  }

  void writeFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[size++] = (byte) (value >>> (8 * i));
    }
  }

  void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  /** Tag (wire type LEN), length, content. */
  void writeLengthDelimited(int fieldNumber, byte[] content) {
    writeTag(fieldNumber, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    writeVarint(content.length);
    writeRaw(content);
  }

  /**
   * Writes {@code leaf} (a field already encoded with its tag) nested inside the message fields
   * {@code parents}, outermost first: for {@code [a, b]} and leaf {@code c=v} that is
   * {@code tag(a) len { tag(b) len { tag(c) v } }}. Each level's length is computed from the inside
   * out, then the bytes are written from the outside in, so nothing is copied twice.
   */
  void writeNested(List<FieldDescriptor> parents, byte[] leaf) {
    int depth = parents.size();
    if (depth == 0) {
      writeRaw(leaf);
      return;
    }
    int[] lengths = new int[depth];
    int inner = leaf.length;
    for (int i = depth - 1; i >= 0; i--) {
      lengths[i] = inner;
      inner += tagSize(parents.get(i).getNumber()) + varintSize(inner);
    }
    for (int i = 0; i < depth; i++) {
      writeTag(parents.get(i).getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
      writeVarint(lengths[i]);
    }
    writeRaw(leaf);
  }

  /** The size of a length-delimited field: tag, length and {@code length} bytes of content. */
  static int lengthDelimitedSize(int fieldNumber, int length) {
    return tagSize(fieldNumber) + varintSize(length) + length;
  }

  static int varintSize(long value) {
    int bytes = 1;
    while ((value & ~0x7FL) != 0) {
      bytes++;
      value >>>= 7;
    }
    return bytes;
  }

  private static int tagSize(int fieldNumber) {
    return varintSize(tag(fieldNumber, 0));
  }

  /** A tag is {@code (field_number << 3) | wire_type}, as an unsigned 32-bit varint. */
  private static long tag(int fieldNumber, int wireType) {
    return ((long) fieldNumber << 3 | wireType) & 0xFFFFFFFFL;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
