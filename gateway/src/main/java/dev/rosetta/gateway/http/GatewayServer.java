package dev.rosetta.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP/1.1 listener. Runs on the gateway's shared event loop group (the one the backend
 * channels use too) and serves whatever {@link Engine} is current: {@link #swap} replaces it for
 * requests that start afterwards, while requests in flight finish on the one they began with.
 */
public final class GatewayServer implements AutoCloseable {
  private final AtomicReference<Engine> engine;
  private final Channel channel;
  private final Drain drain;

  private GatewayServer(AtomicReference<Engine> engine, Channel channel, Drain drain) {
    this.engine = engine;
    this.channel = channel;
    this.drain = drain;
  }

  /** Binds and starts serving; throws when the address cannot be bound. */
  public static GatewayServer start(
      Engine engine, ServerOptions options, EventLoopGroup group, Class<? extends ServerChannel> channelType)
      throws InterruptedException {
    return start(engine, options, group, channelType, ExchangeObserver.NONE, PublicPages.NONE, CorsPolicy.OFF);
  }

  /**
   * As {@link #start(Engine, ServerOptions, EventLoopGroup, Class)}, telling {@code observer} of
   * every exchange, serving {@code pages} ahead of the routes and answering CORS by {@code cors}.
   */
  public static GatewayServer start(
      Engine engine, ServerOptions options, EventLoopGroup group, Class<? extends ServerChannel> channelType,
      ExchangeObserver observer, PublicPages pages, CorsPolicy cors) throws InterruptedException {
    AtomicReference<Engine> current = new AtomicReference<>(engine);
    Drain drain = new Drain();
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // ExchangeHandler asks for each message itself (see its Javadoc).
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new GatewayInitializer(current::get, options, observer, pages, cors, drain))
        .bind(options.bindAddress(), options.port())
        .sync()
        .channel();
    return new GatewayServer(current, channel, drain);
  }

  /** The bound address (its port is the real one when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  public Engine engine() {
    return engine.get();
  }

  /** Serves {@code next} to every request that starts from now on. */
  public void swap(Engine next) {
    engine.set(next);
  }

  /**
   * Graceful shutdown: stops accepting connections, lets exchanges in flight finish (answering
   * further requests on open connections with {@code Connection: close}) for at most {@code
   * timeout}, then closes every connection. Blocks; call it from a shutdown thread, never an
   * event loop. Returns true when no exchange had to be cut.
   */
  public boolean drain(java.time.Duration timeout) throws InterruptedException {
    channel.close().syncUninterruptibly();
    return drain.run(timeout);
  }

  /** Exchanges in flight right now. */
  public int inFlight() {
    return drain.inFlight();
  }

  /** Stops accepting connections. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
