package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Puts the compression handlers into an HTTP/2 stream's pipeline only when its request calls for
 * them: {@link RequestDecompressor} for a body with a {@code Content-Encoding}, and
 * {@link ResponseCompressor} for a request with an {@code Accept-Encoding}. A stream carries one
 * request, so this is decided once at its head, and a stream that needs neither (most API calls:
 * h2load, grpc-gateway's clients and many SDKs send no Accept-Encoding) costs no handler, no
 * allocation and no pass through a codec. Both are added right after this handler, before the
 * request goes on, so they see it as if they had always been there. (HTTP/1.1 keeps them for the
 * connection's life: pipelined responses must pair with their requests.)
 *
 * <p>Immutable and shared by every stream of a listener.
 */
@ChannelHandler.Sharable
final class CompressionSelector extends ChannelInboundHandlerAdapter {
  private final ProtocolOptions.Compression compression;
  private final Dispatcher dispatcher;

  CompressionSelector(ProtocolOptions.Compression compression, Dispatcher dispatcher) {
    this.compression = compression;
    this.dispatcher = dispatcher;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      HttpHeaders headers = request.headers();
      if (compression.responses() && headers.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
        ctx.pipeline().addAfter(ctx.name(), "compress", new ResponseCompressor(compression.minResponseSize()));
      }
      String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
      if (compression.requests() && coding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(coding)) {
        ctx.pipeline().addAfter(ctx.name(), "decompress", new RequestDecompressor(compression.maxRatio(), dispatcher));
      }
    }
    ctx.fireChannelRead(msg);
  }
}
