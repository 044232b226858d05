package dev.rosetta.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The floor of the load benchmark: a bare Netty HTTP/1.1 server that answers the benchmark's
 * routes itself, with the bytes the real backend behind a gateway would produce, but with no
 * transcoding and no gRPC hop. Whatever Rosetta does slower than this is the gateway's own cost.
 *
 * <p>Same transport and pipeline basics as the gateway (native epoll where it loads, TCP_NODELAY,
 * {@code HttpServerCodec}), one event loop per available CPU (the benchmark pins it to one).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.floor.FloorServer [port]}.
 */
public final class FloorServer {
  private FloorServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(serverChannel)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              // 16 MiB: the same body limit as the gateway's default.
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20), new FloorHandler());
            }
          })
          .bind(port)
          .sync()
          .channel();
      System.out.println("floor server on :" + port + " (" + (epoll ? "epoll" : "nio") + ")");
      channel.closeFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }
}
