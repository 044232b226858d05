package dev.rosetta.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The thread that accepts the public listeners' connections, apart from the loops that serve
 * them. On a shared loop, accepting waits behind whatever request work that loop has queued: with
 * the gateway busy, a burst of 1,000 new connections saw seconds at its p99 while the backlog
 * overflowed (issue 14). Here the listeners' sockets live on a one-thread group of their own,
 * which does nothing but accept and hand each connection to the shared group, and the backlog is
 * what the kernel allows ({@code net.core.somaxconn}, read by Netty) rather than a fixed 1,024.
 */
final class Acceptor implements AutoCloseable {
  private final EventLoopGroup group;

  private Acceptor(EventLoopGroup group) {
    this.group = group;
  }

  /** An acceptor on the transport of {@code channelType} (epoll or NIO). */
  static Acceptor forChannel(Class<? extends ServerChannel> channelType) {
    IoHandlerFactory io = EpollServerSocketChannel.class.isAssignableFrom(channelType)
        ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new Acceptor(new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rosetta-accept", true), io));
  }

  /** Binds a listener whose connections run on {@code connections}. */
  Channel bind(EventLoopGroup connections, Class<? extends ServerChannel> channelType, String address, int port,
      ChannelInitializer<SocketChannel> initializer) throws InterruptedException {
    return new ServerBootstrap()
        .group(group, connections)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // The connection handlers ask for each read themselves (Http1ConnectionHandler's Javadoc).
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(initializer)
        .bind(address, port)
        .sync()
        .channel();
  }

  /** Stops the thread; call once the listeners are closed. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
