package dev.rosetta.gateway.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Supplier;

/**
 * The pipeline of a client connection: the HTTP/1.1 codec (with Netty's strict parsing on),
 * the {@link RequestGuard}, then the {@link ExchangeHandler}.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final MetadataMapper metadata;

  GatewayInitializer(Supplier<Engine> engines, ServerOptions options) {
    this.engines = engines;
    this.options = options;
    this.metadata = new MetadataMapper(options.headerRules());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("http", new HttpServerCodec(decoderConfig(options)))
        .addLast("guard", new RequestGuard(options.limits().maxHeaders()))
        .addLast("exchange", new ExchangeHandler(engines, options, metadata));
  }

  /**
   * Strict parsing refuses bare CR or LF line endings and obs-fold; RFC 9112 transfer coding
   * rules refuse a Transfer-Encoding that does not end in chunked; duplicate Content-Length
   * values are refused even when equal. {@link RequestGuard} covers what is left.
   */
  static HttpDecoderConfig decoderConfig(ServerOptions options) {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(options.maxInitialLineBytes())
        .setMaxHeaderSize(options.maxHeaderBytes())
        .setMaxChunkSize(64 * 1024)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true)
        .setAllowDuplicateContentLengths(false)
        .setAllowPartialChunks(true);
  }
}
