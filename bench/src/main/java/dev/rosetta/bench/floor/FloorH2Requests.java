package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.collection.IntObjectHashMap;

/**
 * The requests of one HTTP/2 connection to the floor, as the frame listener of its streams'
 * frames ({@link FloorH2Handler}; {@link FloorBareH2Handler} adds the connection's frames): each
 * stream's path and body until its end, then the answer of {@link FloorRoutes} as one head and
 * one body, handed to the connection's {@link Answers} to write. On the connection's event loop.
 */
class FloorH2Requests extends Http2FrameAdapter {
  /** Writes an answer as the stream's HEADERS and DATA frames. */
  interface Answers {
    void write(ChannelHandlerContext ctx, int streamId, Http2Headers head, ByteBuf body);
  }

  private final IntObjectHashMap<Request> open = new IntObjectHashMap<>();
  private final Answers answers;

  FloorH2Requests(Answers answers) {
    this.answers = answers;
  }

  private static final class Request {
    final String path;
    ByteBuf body;

    Request(String path) {
      this.path = path;
    }
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    Request request = new Request(String.valueOf(headers.path()));
    if (endOfStream) {
      respond(ctx, streamId, request);
    } else {
      open.put(streamId, request);
    }
  }

  /** A stream's DATA frame: its bytes are copied (the frame's buffer stays the reader's), all taken at once. */
  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    int processed = data.readableBytes() + padding;
    Request request = endOfStream ? open.remove(streamId) : open.get(streamId);
    if (request == null) {
      return processed;
    }
    if (request.body == null) {
      request.body = ctx.alloc().buffer(data.readableBytes());
    }
    request.body.writeBytes(data);
    if (endOfStream) {
      respond(ctx, streamId, request);
    }
    return processed;
  }

  /** A stream reset by the client: what it sent goes. */
  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    Request request = open.remove(streamId);
    if (request != null && request.body != null) {
      request.body.release();
    }
  }

  private void respond(ChannelHandlerContext ctx, int streamId, Request request) {
    FloorRoutes.Answer answer = FloorRoutes.answer(ctx.alloc(), request.path,
        request.body != null ? request.body : Unpooled.EMPTY_BUFFER);
    Http2Headers head = new DefaultHttp2Headers().status(answer.status().codeAsText())
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().readableBytes());
    answers.write(ctx, streamId, head, answer.body());
  }
}
