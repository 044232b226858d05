package dev.rosetta.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one event loop group the HTTP front end and the backend channels share, on the native
 * epoll transport where it loads (Linux) and NIO elsewhere.
 */
record EventLoops(
    EventLoopGroup group,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends io.netty.channel.Channel> clientChannel) {

  static EventLoops create(int threads) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rosetta-io", true), io);
    return epoll
        ? new EventLoops(group, EpollServerSocketChannel.class, EpollSocketChannel.class)
        : new EventLoops(group, NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /**
   * {@code epoll}, or {@code nio} with why epoll did not load (not Linux, a musl libc, a /tmp the
   * native library cannot be unpacked into...), for the start-up line: the Alpine image fell back
   * to NIO without a word (issue 16).
   */
  String transport() {
    if (serverChannel == EpollServerSocketChannel.class) {
      return "epoll";
    }
    Throwable cause = Epoll.unavailabilityCause();
    return "nio; epoll unavailable: " + (cause == null ? "unknown" : rootMessage(cause));
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
