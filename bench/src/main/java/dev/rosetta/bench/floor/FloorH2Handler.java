package dev.rosetta.bench.floor;

import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
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

  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<FloorH2Handler, Builder> {
    @Override
    protected FloorH2Handler build() {
      return super.build();
    }

    @Override
    protected FloorH2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings initialSettings) {
      FloorH2Handler handler = new FloorH2Handler(decoder, encoder, initialSettings);
      frameListener(handler.requests);
      return handler;
    }
  }
}
