package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The length-prefixed framing gRPC-Web and Connect's streaming content types share with gRPC
 * (gRPC over HTTP/2, "Length-Prefixed-Message"):
 *
 * <pre>
 * envelope = flags length message
 * flags    = 1 byte    ; 0x01 compressed (both); 0x80 trailers (gRPC-Web); 0x02 end of stream (Connect)
 * length   = 4 bytes   ; unsigned, big-endian: the size of message
 * message  = length bytes
 * </pre>
 *
 * Stateless.
 */
final class Envelopes {
  static final int HEADER_BYTES = 5;
  static final int COMPRESSED = 0x01;

  /** One envelope: its flags and its message, a slice of the buffer it was read from. */
  record Envelope(int flags, ByteBuf message) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  private Envelopes() {}

  /**
   * Reads the next envelope of a whole body (advancing {@code in}); null when none is left.
   *
   * @throws ExchangeException 400 when the body ends inside an envelope, 413 when a message
   *     announces more than {@code maxMessageBytes}
   */
  static Envelope read(ByteBuf in, int maxMessageBytes) throws ExchangeException {
    if (!in.isReadable()) {
      return null;
    }
    if (in.readableBytes() < HEADER_BYTES) {
      throw truncated(in.readableBytes() + " bytes");
    }
    int flags = in.readUnsignedByte();
    long length = in.readUnsignedInt();
    if (length > maxMessageBytes) {
      throw tooLarge(length, maxMessageBytes);
    }
    if (in.readableBytes() < length) {
      throw truncated("a message of " + length + " bytes with " + in.readableBytes() + " bytes of it");
    }
    return new Envelope(flags, in.readSlice((int) length));
  }

  /** A new buffer: one envelope around {@code message} (read, not released). */
  static ByteBuf write(ByteBufAllocator alloc, int flags, ByteBuf message) {
    ByteBuf out = alloc.buffer(HEADER_BYTES + message.readableBytes());
    out.writeByte(flags).writeInt(message.readableBytes()).writeBytes(message);
    return out;
  }

  /** A new buffer: one envelope around {@code message}. */
  static ByteBuf write(ByteBufAllocator alloc, int flags, byte[] message) {
    ByteBuf out = alloc.buffer(HEADER_BYTES + message.length);
    out.writeByte(flags).writeInt(message.length).writeBytes(message);
    return out;
  }

  /** 413: a message announced larger than the limit. */
  static ExchangeException tooLarge(long length, int maxMessageBytes) {
    return new ExchangeException(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED,
        "request message of " + length + " bytes is larger than the limit of " + maxMessageBytes + " bytes",
        Reasons.BODY_TOO_LARGE));
  }

  static ExchangeException truncated(String what) {
    return new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
        "request body ends inside an envelope (5-byte prefix and message): got " + what, Reasons.BAD_REQUEST));
  }
}
