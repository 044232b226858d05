package dev.rosetta.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * The HTTP/1.1 listener, and the HTTPS one when TLS is configured with a port of its own. Runs on
 * the gateway's shared event loop group (the one the backend channels use too) and serves
 * whatever {@link Engine} is current: {@link #swap} replaces it for requests that start
 * afterwards, while requests in flight finish on the one they began with.
 */
public final class GatewayServer implements AutoCloseable {
  private final AtomicReference<Engine> engine;
  private final Channel channel;
  private final Channel httpsChannel;
  private final TlsContexts tls;

  private GatewayServer(AtomicReference<Engine> engine, Channel channel, Channel httpsChannel, TlsContexts tls) {
    this.engine = engine;
    this.channel = channel;
    this.httpsChannel = httpsChannel;
    this.tls = tls;
  }

  /** Binds and starts serving; throws when the address cannot be bound or TLS files do not load. */
  public static GatewayServer start(
      Engine engine, ServerOptions options, EventLoopGroup group, Class<? extends ServerChannel> channelType)
      throws InterruptedException, SSLException {
    AtomicReference<Engine> current = new AtomicReference<>(engine);
    TlsContexts tls = options.tls() == null ? null : new TlsContexts(options.tls());
    // One limit across both listeners: it protects the process, not a port.
    ConnectionLimiter limiter = new ConnectionLimiter(options.limits().maxConnections(), current::get);
    boolean separate = tls != null && options.tls().separateListener();
    Channel main = null;
    try {
      main = bind(group, channelType, options.port(), options,
          new GatewayInitializer(current::get, options, limiter, separate ? null : tls));
      Channel https = separate ? bind(group, channelType, options.tls().httpsPort(), options,
          new GatewayInitializer(current::get, options, limiter, tls)) : null;
      return new GatewayServer(current, main, https, tls);
    } catch (InterruptedException | RuntimeException e) {
      if (main != null) {
        main.close().syncUninterruptibly();
      }
      if (tls != null) {
        tls.close();
      }
      throw e;
    }
  }

  private static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> channelType, int port,
      ServerOptions options, GatewayInitializer initializer) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // ExchangeHandler asks for each message itself (see its Javadoc).
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(initializer)
        .bind(options.bindAddress(), port)
        .sync()
        .channel();
  }

  /** The bound address of the main listener (its port is the real one when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The bound address of the separate HTTPS listener, or null when there is none. */
  public InetSocketAddress httpsAddress() {
    return httpsChannel == null ? null : (InetSocketAddress) httpsChannel.localAddress();
  }

  public Engine engine() {
    return engine.get();
  }

  /** Serves {@code next} to every request that starts from now on. */
  public void swap(Engine next) {
    engine.set(next);
  }

  /** Stops accepting connections. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    if (httpsChannel != null) {
      httpsChannel.close().syncUninterruptibly();
    }
    if (tls != null) {
      tls.close();
    }
  }
}
