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
 * The pipeline of a client connection, which starts as HTTP/1.1:
 *
 * <pre>
 * [tls]        SslHandler, on an HTTPS listener
 * [alpn]       AlpnNegotiation: on TLS, turns the connection to HTTP/2 when the client chose h2
 * read-clock   ConnectionTimeouts' raw side: sees bytes arrive
 * [h2c-detect] PriorKnowledge: in cleartext, turns the connection to HTTP/2 on the client preface
 * http         RequestDecoder: Netty's, strict parsing, refusing obs-fold
 * http-out     ResponseEncoder: no body in the answer to a HEAD
 * [h2c-upgrade] H2cUpgrade: in cleartext, Upgrade: h2c on the first request
 * clock        ConnectionTimeouts' message side: sees request heads, ends and responses
 * guard        RequestGuard: smuggling, header count, request target bytes
 * [decompress] RequestDecompressor: gzip and deflate request bodies
 * [compress]   ResponseCompressor: by Accept-Encoding
 * exchange     Http1ConnectionHandler: the connection's side of the exchange layer
 * </pre>
 *
 * The handlers in brackets are there when TLS, HTTP/2 or compression are on. A connection that
 * turns to HTTP/2 loses every HTTP/1.1 handler ({@link #removeHttp1}) and gets
 * {@link Http2Initializer}'s. A connection over the {@link ConnectionLimiter}'s limit gets none of
 * this, only a 503.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  /**
   * The HTTP/1.1 handlers, removed when the connection turns to HTTP/2 (not h2c-detect: it has
   * left on the first bytes, or turns the connection itself and then leaves).
   */
  private static final String[] HTTP1_HANDLERS =
      {"read-clock", "http", "http-out", "h2c-upgrade", "clock", "guard", "decompress", "compress", "exchange"};

  private final Supplier<Engine> engines;
  private final ServerOptions options;
  private final Dispatcher dispatcher;
  private final ConnectionLimiter limiter;
  private final TlsContexts tls;
  private final ExchangeObserver observer;
  private final CorsPolicy cors;
  private final Drain drain;
  /** Null when HTTP/2 is off. */
  private final Http2Initializer http2;

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
    this.http2 = options.protocols().http2().enabled()
        ? new Http2Initializer(dispatcher, options, observer, cors, drain) : null;
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
    ProtocolOptions.Compression compression = options.protocols().compression();
    if (http2 != null && tls != null) {
      pipeline.addLast("alpn", new AlpnNegotiation(http2));
    }
    pipeline.addLast("read-clock", timeouts.rawSide());
    if (http2 != null && tls == null) {
      pipeline.addLast("h2c-detect", new PriorKnowledge(http2));
    }
    pipeline
        .addLast("http", new RequestDecoder(decoderConfig(options), encoder))
        .addLast("http-out", encoder);
    if (http2 != null && tls == null) {
      pipeline.addLast("h2c-upgrade", new H2cUpgrade(http2, options.maxBodyBytes()));
    }
    pipeline
        .addLast("clock", timeouts.messageSide())
        .addLast("guard", new RequestGuard(limits.maxHeaders()));
    if (compression.requests()) {
      pipeline.addLast("decompress", new RequestDecompressor(compression.maxRatio(), dispatcher));
    }
    if (compression.responses()) {
      pipeline.addLast("compress", new ResponseCompressor(compression.minResponseSize()));
    }
    pipeline.addLast("exchange", new Http1ConnectionHandler(dispatcher, options, observer, cors, drain));
  }

  /**
   * Takes the HTTP/1.1 handlers out of a connection that turns to HTTP/2, all but {@code keep}
   * (the h2c upgrade handler, which leaves by itself once the upgrade is done; null for none).
   */
  static void removeHttp1(ChannelPipeline pipeline, String keep) {
    for (String name : HTTP1_HANDLERS) {
      if (!name.equals(keep) && pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
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
