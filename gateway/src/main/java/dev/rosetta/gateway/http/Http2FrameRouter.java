package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * Where each frame Netty's reader hands over goes: the streams' frames (HEADERS, DATA,
 * RST_STREAM, WINDOW_UPDATE) to {@link Http2Streams}, the connection's (SETTINGS, PING) to the
 * {@link Http2Codec}, each counted by the {@link Http2FloodLimits} first; PRIORITY, GOAWAY and
 * unknown frame types are taken and dropped, a PUSH_PROMISE (which a client may not send) is a
 * connection error. One per connection, on its event loop.
 */
final class Http2FrameRouter implements Http2FrameListener {
  private final Http2Codec codec;
  private final Http2Streams streams;
  private final Http2FloodLimits limits;

  Http2FrameRouter(Http2Codec codec, Http2Streams streams, Http2FloodLimits limits) {
    this.codec = codec;
    this.streams = streams;
    this.limits = limits;
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
      throws Http2Exception {
    limits.data(data, endOfStream);
    streams.onData(streamId, data, padding, endOfStream);
    return data.readableBytes() + padding;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) throws Http2Exception {
    limits.headers();
    streams.onHeaders(streamId, headers, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  /** Priorities are deprecated (RFC 9113 section 5.3.2): the streams share the window in turn. */
  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) throws Http2Exception {
    limits.clientReset();
    streams.onReset(streamId);
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) throws Http2Exception {
    codec.settingsRead(settings);
  }

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {
  }

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {
    codec.pingRead(data);
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
  }

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
      int padding) throws Http2Exception {
    throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "a client cannot push (PUSH_PROMISE)");
  }

  /** The client is leaving: the streams it has open finish; it closes the connection (or the idle timeout does). */
  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
  }

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement)
      throws Http2Exception {
    streams.onWindowUpdate(streamId, windowSizeIncrement);
  }

  /** Unknown frame types are ignored (RFC 9113 section 5.5). */
  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf payload) {
  }
}
