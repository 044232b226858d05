package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;

/**
 * A response's HEADERS frame, with CONTINUATION frames behind it when the HPACK block is larger
 * than the client's SETTINGS_MAX_FRAME_SIZE (RFC 9113 section 6.2 and 6.10), and for a small whole
 * response the DATA frame that ends it: all in one buffer, for one write.
 *
 * <p>Why not Netty's {@code DefaultHttp2FrameWriter}: it writes a HEADERS frame as a header
 * buffer and a slice of a separately encoded block, and a DATA frame as a header buffer and the
 * payload, each write with a promise gathered by an aggregator. A unary answer was four buffers
 * and five promises, and its flush a {@code writev}; HTTP/1.1's encoder writes the same answer as
 * one buffer and one {@code send} (issue 14, CPU per request).
 */
final class Http2HeadFrames {
  static final int FRAME_HEADER_LENGTH = 9;
  /**
   * The largest body copied behind its head; a larger one is written as it is, in its own DATA
   * frames. Below the smallest SETTINGS_MAX_FRAME_SIZE a client may set (16,384), so a copied
   * body is always one DATA frame.
   */
  static final int MAX_COPIED_BODY = 8192;
  private static final int BLOCK_ESTIMATE = 256;
  private static final byte DATA = 0x0;
  private static final byte HEADERS = 0x1;
  private static final byte CONTINUATION = 0x9;
  private static final byte END_STREAM = 0x1;
  private static final byte END_HEADERS = 0x4;

  private Http2HeadFrames() {
  }

  /**
   * {@code headers} as the frames of stream {@code streamId}, then, unless {@code body} is null,
   * {@code body} (at most {@code maxFrameSize} bytes; not released here) as a DATA frame. The
   * last frame carries END_STREAM when {@code endStream}.
   *
   * @throws Http2Exception the header list is larger than the client's SETTINGS_MAX_HEADER_LIST_SIZE;
   *     HPACK refuses it before it touches its table, so the connection's table is unchanged
   */
  static ByteBuf encode(ByteBufAllocator alloc, Http2HeadersEncoder encoder, int maxFrameSize, int streamId,
      Http2Headers headers, ByteBuf body, boolean endStream) throws Http2Exception {
    int bodyFrame = body == null ? 0 : FRAME_HEADER_LENGTH + body.readableBytes();
    ByteBuf out = alloc.buffer(FRAME_HEADER_LENGTH + BLOCK_ESTIMATE + bodyFrame);
    try {
      out.writerIndex(FRAME_HEADER_LENGTH); // the HEADERS frame's header is filled in once the block's length is known
      encoder.encodeHeaders(streamId, headers, out);
      int block = out.writerIndex() - FRAME_HEADER_LENGTH;
      byte headersEnd = endStream && body == null ? END_STREAM : 0;
      if (block > maxFrameSize) {
        ByteBuf framed = continued(alloc, out, block, maxFrameSize, streamId, headersEnd, bodyFrame);
        out.release();
        out = framed;
      } else {
        out.setMedium(0, block);
        out.setByte(3, HEADERS);
        out.setByte(4, END_HEADERS | headersEnd);
        out.setInt(5, streamId);
      }
      if (body != null) {
        writeFrameHeader(out, body.readableBytes(), DATA, endStream ? END_STREAM : 0, streamId);
        out.writeBytes(body, body.readerIndex(), body.readableBytes());
      }
      return out;
    } catch (Throwable t) {
      out.release();
      throw t;
    }
  }

  /** A block past the frame size: a HEADERS frame then CONTINUATION frames, copied into a new buffer. */
  private static ByteBuf continued(ByteBufAllocator alloc, ByteBuf encoded, int block, int maxFrameSize, int streamId,
      byte endStream, int room) {
    int frames = (block + maxFrameSize - 1) / maxFrameSize;
    ByteBuf out = alloc.buffer(block + frames * FRAME_HEADER_LENGTH + room);
    int at = FRAME_HEADER_LENGTH;
    for (int left = block; left > 0; ) {
      int length = Math.min(left, maxFrameSize);
      left -= length;
      byte type = at == FRAME_HEADER_LENGTH ? HEADERS : CONTINUATION;
      byte flags = (byte) ((type == HEADERS ? endStream : 0) | (left == 0 ? END_HEADERS : 0));
      writeFrameHeader(out, length, type, flags, streamId);
      out.writeBytes(encoded, at, length);
      at += length;
    }
    return out;
  }

  private static void writeFrameHeader(ByteBuf out, int length, byte type, int flags, int streamId) {
    out.writeMedium(length);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(streamId);
  }
}
