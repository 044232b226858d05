package dev.rosetta.bench.floor;

import dev.rosetta.gateway.cli.Main;
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
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * The floor of the load benchmark: a bare Netty HTTP/1.1 server that answers the benchmark's
 * routes itself, with the bytes the real backend behind a gateway would produce, but with no
 * transcoding and no gRPC hop. Whatever Rosetta does slower than this is the gateway's own cost.
 *
 * <p>Same transport and pipeline basics as the gateway (native epoll where it loads, TCP_NODELAY,
 * {@code HttpServerCodec}), one event loop per available CPU (the benchmark pins it to one).
 *
 * <p>{@code --h2 streams}, {@code --h2 frames} or {@code --h2 bare} serves the same routes over
 * HTTP/2 instead (h2c by prior knowledge), for the question of what HTTP/2 itself costs on this
 * stack against HTTP/1.1 (issue 14): {@code streams} the way Rosetta's front end was built until
 * 2026-12-07 (Netty's frame codec, a child channel per stream, its frames converted to HTTP/1
 * objects for the same {@link FloorHandler}); {@code frames} the leanest way Netty offers and the
 * way Rosetta's front end is built now ({@link FloorH2Handler}: Netty's connection handler with a
 * frame listener, no per-stream channel or objects, as grpc-java's server transport is built);
 * {@code bare} Netty's frame reader and writer with no connection layer at all
 * ({@link FloorBareH2Handler}: not a complete HTTP/2 server, a measure of what that layer costs).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.floor.FloorServer [port]
 * [--h2 streams|frames|bare]}.
 */
public final class FloorServer {
  private FloorServer() {}

  public static void main(String[] args) throws InterruptedException {
    // Netty's leak detector as the gateway runs it (off unless asked for): left on, its sampled stack
    // traces cost a floor 3-5% of its event loop, a handicap the gateway does not have.
    Main.leakDetectionOffUnlessAsked();
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    String h2 = args.length > 2 && args[1].equals("--h2") ? args[2] : null;
    if (args.length > 1 && (h2 == null || !(h2.equals("streams") || h2.equals("frames") || h2.equals("bare")))) {
      throw new IllegalArgumentException("usage: FloorServer [port] [--h2 streams|frames|bare]");
    }
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
              if (h2 == null) {
                // 16 MiB: the same body limit as the gateway's default.
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20), new FloorHandler());
              } else if (h2.equals("bare")) {
                ch.pipeline().addLast(new FloorBareH2Handler());
              } else if (h2.equals("frames")) {
                ch.pipeline().addLast(FloorH2Handler.create());
              } else {
                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(
                    new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel stream) {
                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                            new HttpObjectAggregator(16 << 20), new FloorHandler());
                      }
                    }));
              }
            }
          })
          .bind(port)
          .sync()
          .channel();
      System.out.println("floor server on :" + port + " (" + (epoll ? "epoll" : "nio") + ")"
          + (h2 == null ? "" : ", HTTP/2 (h2c) " + h2));
      channel.closeFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }
}
