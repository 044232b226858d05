package dev.rosetta.gateway.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The 5-byte-prefixed envelopes of gRPC-Web and Connect streams, as a test client writes and reads them. */
record Frames(List<Frame> frames) {
  /** One envelope. */
  record Frame(int flags, byte[] message) {
    String text() {
      return new String(message, StandardCharsets.UTF_8);
    }
  }

  static byte[] frame(int flags, byte[] message) {
    return ByteBuffer.allocate(5 + message.length).put((byte) flags).putInt(message.length).put(message).array();
  }

  static byte[] frame(byte[] message) {
    return frame(0, message);
  }

  static byte[] frame(String json) {
    return frame(json.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Every envelope of a whole body; fails on a truncated one. */
  static Frames parse(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    List<Frame> frames = new ArrayList<>();
    while (in.hasRemaining()) {
      int flags = in.get() & 0xFF;
      byte[] message = new byte[in.getInt()];
      in.get(message);
      frames.add(new Frame(flags, message));
    }
    return new Frames(frames);
  }

  Frame last() {
    return frames.get(frames.size() - 1);
  }

  /** The messages: every envelope but the last (the trailers, or Connect's end of stream). */
  List<Frame> messages() {
    return frames.subList(0, frames.size() - 1);
  }
}
