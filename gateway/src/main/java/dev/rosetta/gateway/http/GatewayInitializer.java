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
  private final ExchangeObserver observer;
  private final PublicPages pages;
  private final CorsPolicy cors;
  private final Drain drain;

  GatewayInitializer(Supplier<Engine> engines, ServerOptions options, ExchangeObserver observer, PublicPages pages,
      CorsPolicy cors, Drain drain) {
    this.pages = pages;
    this.cors = cors;
    this.drain = drain;
    this.engines = engines;
    this.options = options;
    this.observer = observer;
    this.metadata = new MetadataMapper(options.headerRules());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    drain.add(ch);
    ch.pipeline()
        .addLast("http", new HttpServerCodec(options.maxInitialLineBytes(), options.maxHeaderBytes(), 64 * 1024))
        .addLast("exchange", new ExchangeHandler(engines, options, metadata, observer, pages, cors, drain));
  }
}
