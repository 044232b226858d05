package dev.rosetta.gateway.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Supplier;

/**
 * The pipeline of a client connection: the HTTP/1.1 codec, then the {@link ExchangeHandler}.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final MetadataMapper metadata;
  private final Drain drain;

  GatewayInitializer(Supplier<Engine> engines, ServerOptions options, Drain drain) {
    this.engines = engines;
    this.options = options;
    this.metadata = new MetadataMapper(options.headerRules());
    this.drain = drain;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    drain.add(ch);
    ch.pipeline()
        .addLast("http", new HttpServerCodec(options.maxInitialLineBytes(), options.maxHeaderBytes(), 64 * 1024))
        .addLast("exchange", new ExchangeHandler(engines, options, metadata, drain));
  }
}
