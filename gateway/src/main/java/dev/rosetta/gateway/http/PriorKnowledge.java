package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * h2c by prior knowledge (RFC 9113 section 3.3) on a plain listener: a connection that opens with
 * the HTTP/2 client preface ({@code PRI * HTTP/2.0...}) turns to HTTP/2 ({@link Http2Initializer});
 * any other first bytes stay HTTP/1.1. Looks at the first 24 bytes of a connection only, then
 * leaves the pipeline, handing on what it read. Sits after the read clock, before the HTTP/1.1
 * decoder (so a client that stops halfway through the preface still meets the read timeout).
 */
final class PriorKnowledge extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final Http2Initializer http2;

  PriorKnowledge(Http2Initializer http2) {
    this.http2 = http2;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
    if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), length)) {
      ctx.pipeline().remove(this); // HTTP/1.1: the bytes read so far go on to its decoder
    } else if (length == PREFACE.readableBytes()) {
      http2.switchTo(ctx);
      ctx.pipeline().remove(this); // the preface goes on to the HTTP/2 codec, which expects it
    }
  }
}
