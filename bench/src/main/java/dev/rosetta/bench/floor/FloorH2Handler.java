package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.collection.IntObjectHashMap;

/**
 * The HTTP/2 floor at its leanest ({@code FloorServer --h2 frames}): Netty's connection handler
 * with a frame listener and no per-stream channel, pipeline or frame objects, the way grpc-java's
 * server transport is built. Answers the floor's routes ({@link FloorRoutes}): a request's DATA
 * is collected per stream, and at its end the response goes out as one HEADERS and one DATA frame
 * (flushed once per read by the connection handler).
 */
final class FloorH2Handler extends Http2ConnectionHandler {
  /** The path and the body so far of each stream whose request has not ended. */
  private final IntObjectHashMap<Request> open = new IntObjectHashMap<>();

  private FloorH2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
    super(decoder, encoder, settings);
  }

  static FloorH2Handler create() {
    return new Builder().build();
  }

  private static final class Request {
    final String path;
    ByteBuf body;

    Request(String path) {
      this.path = path;
    }
  }

  private final class Listener extends Http2FrameAdapter {
    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
      Request request = new Request(String.valueOf(headers.path()));
      if (endOfStream) {
        respond(ctx, streamId, request);
      } else {
        open.put(streamId, request);
      }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      int processed = data.readableBytes() + padding;
      Request request = endOfStream ? open.remove(streamId) : open.get(streamId);
      if (request != null) {
        if (request.body == null) {
          request.body = ctx.alloc().buffer(data.readableBytes());
        }
        request.body.writeBytes(data);
        if (endOfStream) {
          respond(ctx, streamId, request);
        }
      }
      return processed;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      Request request = open.remove(streamId);
      if (request != null && request.body != null) {
        request.body.release();
      }
    }
  }

  private void respond(ChannelHandlerContext ctx, int streamId, Request request) {
    FloorRoutes.Answer answer = FloorRoutes.answer(ctx.alloc(), request.path,
        request.body != null ? request.body : Unpooled.EMPTY_BUFFER);
    Http2Headers headers = new DefaultHttp2Headers().status(answer.status().codeAsText())
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().readableBytes());
    encoder().writeHeaders(ctx, streamId, headers, 0, false, ctx.newPromise());
    encoder().writeData(ctx, streamId, answer.body(), 0, true, ctx.newPromise());
  }

  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<FloorH2Handler, Builder> {
    @Override
    protected FloorH2Handler build() {
      return super.build();
    }

    @Override
    protected FloorH2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings initialSettings) {
      FloorH2Handler handler = new FloorH2Handler(decoder, encoder, initialSettings);
      frameListener(handler.new Listener());
      return handler;
    }
  }
}
