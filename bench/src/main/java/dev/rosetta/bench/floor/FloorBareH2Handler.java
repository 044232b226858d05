package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.List;

/**
 * HTTP/2 with Netty's frame reader and writer (HPACK included) and nothing between them and the
 * routes ({@code FloorServer --h2 bare}): no connection object, stream states, flow controllers,
 * promises or abuse limits. It answers the floor's routes as {@link FloorH2Handler} does
 * ({@link FloorH2Requests}), acks SETTINGS and PING, and gives the client's connection window back
 * every 32 KiB; it ignores the client's windows for what it sends and would answer a malformed
 * stream order. Not a server to deploy: the lower bound of what a connection layer of Rosetta's own on Netty's frame reader and
 * writer could cost, against {@code frames} (Netty's connection handler), for issue 14's question
 * whether HTTP/2 can cost no more CPU per request than HTTP/1.1 (docs/benchmarks.md).
 */
final class FloorBareH2Handler extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
  private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(true));
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final Listener listener = new Listener();
  private boolean prefaceRead;
  /** DATA bytes read since the last WINDOW_UPDATE of the connection's window. */
  private int unacknowledged;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    writer.writeSettings(ctx, new Http2Settings().maxConcurrentStreams(100), ctx.voidPromise());
    ctx.flush();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (!prefaceRead) {
      if (in.readableBytes() < PREFACE.readableBytes()) {
        return;
      }
      if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, PREFACE.readableBytes())) {
        ctx.close();
        return;
      }
      in.skipBytes(PREFACE.readableBytes());
      prefaceRead = true;
    }
    reader.readFrame(ctx, in, listener);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    ctx.flush();
    super.channelReadComplete(ctx);
  }

  /** The streams' frames as {@link FloorH2Requests} takes them, and the connection's. */
  private final class Listener extends FloorH2Requests {
    Listener() {
      super((ctx, streamId, head, body) -> {
        writer.writeHeaders(ctx, streamId, head, 0, false, ctx.voidPromise());
        writer.writeData(ctx, streamId, body, 0, true, ctx.voidPromise());
      });
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      writer.writeSettingsAck(ctx, ctx.voidPromise());
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
      writer.writePing(ctx, true, data, ctx.voidPromise());
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      unacknowledged += data.readableBytes() + padding;
      if (unacknowledged > 32_767) {
        writer.writeWindowUpdate(ctx, 0, unacknowledged, ctx.voidPromise());
        unacknowledged = 0;
      }
      return super.onDataRead(ctx, streamId, data, padding, endOfStream);
    }
  }
}
