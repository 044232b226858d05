package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * The HTTP/2 floor at its leanest ({@code FloorServer --h2 frames}): Netty's connection handler
 * with a frame listener and no per-stream channel, pipeline or frame objects, the way grpc-java's
 * server transport is built. Answers the floor's routes ({@link FloorH2Requests}): a request's DATA
 * is collected per stream, and at its end the response goes out as one HEADERS and one DATA frame
 * (flushed once per read by the connection handler).
 */
final class FloorH2Handler extends Http2ConnectionHandler {
  private final FloorH2Requests requests = new FloorH2Requests((ctx, streamId, head, body) -> {
    encoder().writeHeaders(ctx, streamId, head, 0, false, ctx.newPromise());
    encoder().writeData(ctx, streamId, body, 0, true, ctx.newPromise());
  });

  private FloorH2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
    super(decoder, encoder, settings);
  }

  static FloorH2Handler create() {
    return new Builder().build();
  }

  private final class Listener extends Http2FrameAdapter {
    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
      requests.onHeaders(ctx, streamId, headers, endOfStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      int processed = data.readableBytes() + padding;
      requests.onData(ctx, streamId, data, endOfStream);
      return processed;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      requests.onReset(streamId);
    }
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
