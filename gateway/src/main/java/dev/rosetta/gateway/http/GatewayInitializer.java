package dev.rosetta.gateway.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import dev.rosetta.gateway.policy.PolicyChain;
import dev.rosetta.gateway.route.Route;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pipeline of a client connection:
 *
 * <pre>
 * [tls]  SslHandler, on an HTTPS listener
 * read-clock   ConnectionTimeouts' raw side: sees bytes arrive
 * http         RequestDecoder: Netty's, strict parsing, refusing obs-fold
 * http-out     ResponseEncoder: no body in the answer to a HEAD
 * clock        ConnectionTimeouts' message side: sees request heads, ends and responses
 * guard        RequestGuard: smuggling, header count, request target bytes
 * exchange     Http1ConnectionHandler: the connection's side of the exchange layer
 * </pre>
 *
 * A connection over the {@link ConnectionLimiter}'s limit gets none of this, only a 503.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final Dispatcher dispatcher;
  private final ConnectionLimiter limiter;
  private final TlsContexts tls;
  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final Drain drain;

  /** {@code tls} null for plain HTTP. */
  GatewayInitializer(Supplier<Engine> engines, ServerOptions options, ConnectionLimiter limiter, TlsContexts tls,
      ExchangeObserver observer, PublicPages pages, CorsPolicy cors, Drain drain,
      Function<Route, PolicyChain> policies) {
    this.engines = engines;
    this.options = options;
    this.dispatcher = new Dispatcher(engines, options, pages, cors, policies);
    this.limiter = limiter;
    this.tls = tls;
    this.observer = observer;
    this.cors = cors;
    this.drain = drain;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline pipeline = ch.pipeline();
    if (tls != null) {
      pipeline.addLast("tls", tls.current().newHandler(ch.alloc()));
    }
    if (!limiter.admit(ch)) {
      limiter.refuse(ch);
      return;
    }
    drain.add(ch);
    ConnectionLimits limits = options.limits();
    ConnectionTimeouts timeouts = new ConnectionTimeouts(limits.requestReadTimeout(), limits.idleTimeout(), engines);
    ResponseEncoder encoder = new ResponseEncoder();
    pipeline
        .addLast("read-clock", timeouts.rawSide())
        .addLast("http", new RequestDecoder(decoderConfig(options), encoder))
        .addLast("http-out", encoder)
        .addLast("clock", timeouts.messageSide())
        .addLast("guard", new RequestGuard(limits.maxHeaders()))
        .addLast("exchange", new Http1ConnectionHandler(dispatcher, options, observer, cors, drain));
  }

  /**
   * Strict parsing refuses bare CR or LF line endings; RFC 9112 transfer coding rules refuse a
   * Transfer-Encoding that does not end in chunked; duplicate Content-Length values are refused
   * even when equal. {@link RequestDecoder} refuses obs-fold, {@link RequestGuard} what is left.
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
