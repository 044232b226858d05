package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The base64 text of {@code application/grpc-web-text}: the framed body, base64-encoded (RFC
 * 4648 section 4, with padding) for clients that cannot read binary responses. Each piece a peer
 * writes may be padded on its own (gRPC-Web's protocol note), so text is decoded 4 characters at a
 * time and {@code =} may end any such quantum, not only the last; the gateway encodes each
 * response piece (a message frame, the trailers frame) on its own likewise. Stateless.
 */
final class GrpcWebText {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUES = new byte[256];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
    }
  }

  private GrpcWebText() {}

  /** A new buffer with the bytes {@code text} (read, not released) encodes; 400 for text that is not base64. */
  static ByteBuf decode(ByteBufAllocator alloc, ByteBuf text) throws ExchangeException {
    int length = text.readableBytes();
    if (length % 4 != 0) {
      throw invalid("its length " + length + " is not a multiple of 4");
    }
    ByteBuf out = alloc.buffer(length / 4 * 3);
    int at = text.readerIndex();
    for (int end = at + length; at < end; at += 4) {
      int a = value(text, at, out);
      int b = value(text, at + 1, out);
      boolean pad3 = text.getByte(at + 2) == '=';
      boolean pad4 = text.getByte(at + 3) == '=';
      out.writeByte(a << 2 | b >> 4);
      if (pad3 && !pad4) {
        out.release();
        throw invalid("'=' before a character at offset " + (at + 3 - text.readerIndex()));
      }
      if (!pad3) {
        int c = value(text, at + 2, out);
        out.writeByte((b & 0xF) << 4 | c >> 2);
        if (!pad4) {
          out.writeByte((c & 0x3) << 6 | value(text, at + 3, out));
        }
      }
    }
    text.skipBytes(length);
    return out;
  }

  /** A new buffer with {@code bytes} (read, not released) in base64, padded. */
  static ByteBuf encode(ByteBufAllocator alloc, ByteBuf bytes) {
    int length = bytes.readableBytes();
    ByteBuf out = alloc.buffer((length + 2) / 3 * 4);
    int at = bytes.readerIndex();
    for (int end = at + length; at < end; at += 3) {
      int remaining = end - at;
      int n = (bytes.getUnsignedByte(at) << 16) | (remaining > 1 ? bytes.getUnsignedByte(at + 1) << 8 : 0)
          | (remaining > 2 ? bytes.getUnsignedByte(at + 2) : 0);
      out.writeByte(ALPHABET[n >> 18 & 0x3F]).writeByte(ALPHABET[n >> 12 & 0x3F])
          .writeByte(remaining > 1 ? ALPHABET[n >> 6 & 0x3F] : '=')
          .writeByte(remaining > 2 ? ALPHABET[n & 0x3F] : '=');
    }
    bytes.skipBytes(length);
    return out;
  }

  private static int value(ByteBuf text, int index, ByteBuf out) throws ExchangeException {
    int v = VALUES[text.getUnsignedByte(index)];
    if (v < 0) {
      out.release();
      throw invalid("unexpected character at offset " + (index - text.readerIndex()));
    }
    return v;
  }

  private static ExchangeException invalid(String why) {
    return new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
        "application/grpc-web-text body is not base64: " + why, Reasons.BAD_REQUEST));
  }
}
