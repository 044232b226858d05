package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;

/**
 * HTTP/2 on the public listeners: what a connection becomes once it turns out to speak HTTP/2
 * (ALPN {@code h2}: {@link AlpnNegotiation}; the client preface in cleartext:
 * {@link PriorKnowledge}; {@code Upgrade: h2c}: {@link H2cUpgrade}), and what its streams share.
 *
 * <pre>
 * connection   [tls]  h2 ({@link Http2Codec}, its {@link Http2Streams} and {@link Http2SendFlow})  h2-connection ({@link Http2ConnectionLifecycle})
 * each stream  an {@link Http2StreamConnection} [with its {@link StreamCompression}], in no pipeline
 * </pre>
 *
 * A stream's connection speaks Netty's HTTP/1 objects, so the {@link Dispatcher}, the exchanges
 * and the printers serve it as they serve HTTP/1.1. One instance per listener, shared by every
 * connection and stream.
 */
final class Http2Initializer {
  private final Dispatcher dispatcher;
  private final RequestGuard guard;
  private final ServerOptions options;
  private final ProtocolOptions.Http2 http2;
  private final ProtocolOptions.Compression compression;
  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final Drain drain;
  private final long readTimeoutNanos;
  private final long sendTimeoutNanos;

  Http2Initializer(Dispatcher dispatcher, ServerOptions options, ExchangeObserver observer, CorsPolicy cors,
      Drain drain) {
    this.dispatcher = dispatcher;
    this.guard = new RequestGuard(options.limits().maxHeaders());
    this.options = options;
    this.http2 = options.protocols().http2();
    this.compression = options.protocols().compression();
    this.observer = observer;
    this.cors = cors;
    this.drain = drain;
    this.readTimeoutNanos = options.limits().requestReadTimeout().toNanos();
    this.sendTimeoutNanos = http2.sendTimeout().toNanos();
  }

  /** Turns the connection of {@code at} to HTTP/2: its handlers go after {@code at}, HTTP/1.1's go. */
  void switchTo(ChannelHandlerContext at) {
    Http2Codec codec = new Http2Codec(this);
    ChannelPipeline pipeline = at.pipeline();
    pipeline.addAfter(at.name(), "h2", codec);
    pipeline.addAfter("h2", "h2-connection", lifecycle(codec));
    GatewayInitializer.removeHttp1(pipeline, null);
  }

  /** For {@code Upgrade: h2c}: the upgrade codec puts these in place after the 101. */
  H2cUpgradeCodec upgradeCodec() {
    return new H2cUpgradeCodec(this);
  }

  ChannelHandler lifecycle(Http2Codec codec) {
    return new Http2ConnectionLifecycle(codec, options.limits().idleTimeout().toNanos());
  }

  /** The compression handlers a stream's request asks for, or null ({@link StreamCompression}). */
  StreamCompression compressionFor(HttpRequest request) {
    return compression.requests() || compression.responses()
        ? StreamCompression.forRequest(request, compression, dispatcher) : null;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  RequestGuard guard() {
    return guard;
  }

  ServerOptions options() {
    return options;
  }

  Drain drain() {
    return drain;
  }

  ExchangeObserver observer() {
    return observer;
  }

  CorsPolicy cors() {
    return cors;
  }

  long readTimeoutNanos() {
    return readTimeoutNanos;
  }

  long sendTimeoutNanos() {
    return sendTimeoutNanos;
  }
}
