package dev.rosetta.gateway.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener: health, readiness, routes, metrics and reload, on its own port (loopback by
 * default) so none of it is reachable through the public one. Shares the gateway's event loop
 * group; whatever may take time (a metrics scrape reads JVM beans, a reload reads files and
 * builds tables) runs on one admin thread of its own, never on an event loop.
 */
public final class AdminServer implements AutoCloseable {
  /** Admin requests are small: a reload carries no body, so 64 KiB is plenty. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final Channel channel;
  private final ExecutorService worker;

  private AdminServer(Channel channel, ExecutorService worker) {
    this.channel = channel;
    this.worker = worker;
  }

  /** Binds and starts serving; throws when the address cannot be bound. */
  public static AdminServer start(String bindAddress, int port, EventLoopGroup group,
      Class<? extends ServerChannel> channelType, AdminSources sources) throws InterruptedException {
    ExecutorService worker = Executors.newSingleThreadExecutor(new DefaultThreadFactory("rosetta-admin", true));
    AdminEndpoints endpoints = new AdminEndpoints(sources);
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(channelType)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast("http", new HttpServerCodec())
                  .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                  .addLast("admin", new AdminHandler(endpoints, worker));
            }
          })
          .bind(bindAddress, port)
          .sync()
          .channel();
      return new AdminServer(channel, worker);
    } catch (RuntimeException | InterruptedException e) {
      worker.shutdownNow();
      throw e;
    }
  }

  /** The bound address (its port is the real one when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
