package dev.rosetta.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;

/**
 * HTTP/2 on the public listeners: what a connection becomes once it turns out to speak HTTP/2
 * (ALPN {@code h2}: {@link AlpnNegotiation}; the client preface in cleartext:
 * {@link PriorKnowledge}; {@code Upgrade: h2c}: {@link H2cUpgrade}), and the pipeline of each of
 * its streams.
 *
 * <pre>
 * connection   [tls]  h2 ({@link Http2Codec})  h2-streams (Http2MultiplexHandler)  h2-connection ({@link Http2ConnectionLifecycle})
 * each stream  {@link Http2StreamCodec}  [{@link CompressionSelector}]  {@link Http2StreamHandler}
 * </pre>
 *
 * The stream's pipeline speaks Netty's HTTP/1 objects, so the {@link Dispatcher}, the exchanges
 * and the printers serve it as they serve HTTP/1.1. One instance per listener, shared by every
 * connection and stream (the stream codec and the compression selector are shared too);
 * a stream gets only its own {@link Http2StreamHandler}, and the compression handlers when its
 * request asks for them.
 */
@ChannelHandler.Sharable
final class Http2Initializer extends ChannelInitializer<Channel> {
  private final Dispatcher dispatcher;
  private final RequestGuard guard;
  private final ServerOptions options;
  private final ProtocolOptions.Http2 http2;
  /** Null when compression is off both ways. */
  private final CompressionSelector compressionSelector;
  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final Drain drain;

  Http2Initializer(Dispatcher dispatcher, ServerOptions options, ExchangeObserver observer, CorsPolicy cors,
      Drain drain) {
    this.dispatcher = dispatcher;
    this.guard = new RequestGuard(options.limits().maxHeaders());
    this.options = options;
    this.http2 = options.protocols().http2();
    ProtocolOptions.Compression compression = options.protocols().compression();
    this.compressionSelector = compression.requests() || compression.responses()
        ? new CompressionSelector(compression, dispatcher) : null;
    this.observer = observer;
    this.cors = cors;
    this.drain = drain;
  }

  /** A stream: read on request only (flow control, {@link Http2StreamHandler}). */
  @Override
  protected void initChannel(Channel stream) {
    stream.config().setAutoRead(false);
    ChannelPipeline pipeline = stream.pipeline();
    pipeline.addLast(Http2StreamCodec.INSTANCE);
    if (compressionSelector != null) {
      pipeline.addLast(compressionSelector);
    }
    pipeline.addLast(new Http2StreamHandler(dispatcher, guard, options, observer, cors, drain));
  }

  /** Turns the connection of {@code at} to HTTP/2: its handlers go after {@code at}, HTTP/1.1's go. */
  void switchTo(ChannelHandlerContext at) {
    Http2Codec codec = newCodec();
    ChannelPipeline pipeline = at.pipeline();
    pipeline.addAfter(at.name(), "h2", codec);
    ChannelHandler[] rest = connectionHandlers(codec);
    pipeline.addAfter("h2", "h2-streams", rest[0]);
    pipeline.addAfter("h2-streams", "h2-connection", rest[1]);
    GatewayInitializer.removeHttp1(pipeline, null);
  }

  /** For {@code Upgrade: h2c}: Netty's upgrade codec puts these in place after the 101. */
  Http2ServerUpgradeCodec upgradeCodec() {
    Http2Codec codec = newCodec();
    return new Http2ServerUpgradeCodec(codec, connectionHandlers(codec));
  }

  private Http2Codec newCodec() {
    return Http2Codec.create(http2, () -> dispatcher.engine().errors());
  }

  private ChannelHandler[] connectionHandlers(Http2Codec codec) {
    return new ChannelHandler[] {
        new Http2MultiplexHandler(this),
        new Http2ConnectionLifecycle(codec, http2.connectionWindow(), options.limits().idleTimeout().toNanos())};
  }
}
