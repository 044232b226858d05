package dev.rosetta.bench.floor;

import dev.rosetta.gateway.backend.GrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor of {@code bench/startup.sh}: the least a process built on Rosetta's stack (Netty's
 * epoll transport, grpc-java over Netty, on the same JVM flags and with its own class-data archive)
 * does between its start and a first 200 through a real backend. An HTTP/1.1 server whose every
 * request makes one unary gRPC call, request and response as bytes (no descriptors, no JSON, no
 * routes, no configuration, no logging of its own; the gateway's byte marshaller), answered with the
 * response's size. The backend channel connects at start, as the gateway's does. Whatever the
 * gateway's start takes beyond this is the gateway's own; what this takes, no gateway on this stack
 * and machine can avoid.
 *
 * <p>Run: {@code java -cp gateway.jar:floor.jar dev.rosetta.bench.floor.StartupFloor PORT
 * BACKEND_HOST:PORT FULL_METHOD_NAME [TRAIN_REQUESTS]}; with TRAIN_REQUESTS it makes that many
 * requests to itself and exits (the class-data archive's training run).
 */
public final class StartupFloor {
  private StartupFloor() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String[] backend = args[1].split(":");
    // The gateway's own byte marshaller, as it calls a backend (one class of the gateway, no more).
    MethodDescriptor<byte[], byte[]> method = GrpcMethods.passthrough(args[2]).toBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).build();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ManagedChannel channel = NettyChannelBuilder.forAddress(backend[0], Integer.parseInt(backend[1]))
        .usePlaintext().directExecutor().eventLoopGroup(group).channelType(EpollSocketChannel.class).build();
    channel.getState(true); // connect now, not at the first request
    new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new CallHandler(channel, method));
          }
        })
        .bind("127.0.0.1", port).sync();
    System.out.println("startup floor listening on 127.0.0.1:" + port);
    if (args.length > 3) {
      for (int i = 0, n = Integer.parseInt(args[3]); i < n; i++) {
        System.out.println(getOnce(port));
      }
      System.exit(0);
    }
  }

  /** One request on its own connection, read to its end: the training run's client, without java.net.http. */
  private static String getOnce(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: floor\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return answer.substring(0, answer.indexOf('\r'));
    }
  }

  private static final class CallHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], byte[]> method;

    CallHandler(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method) {
      this.channel = channel;
      this.method = method;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), new byte[0], new StreamObserver<byte[]>() {
        private int size;

        @Override
        public void onNext(byte[] value) {
          size = value.length;
        }

        @Override
        public void onError(Throwable t) {
          answer(ctx, keepAlive, HttpResponseStatus.BAD_GATEWAY, "{\"error\":\"" + t.getClass().getSimpleName() + "\"}");
        }

        @Override
        public void onCompleted() {
          answer(ctx, keepAlive, HttpResponseStatus.OK, "{\"bytes\":" + size + "}");
        }
      });
    }

    private static void answer(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      ChannelFuture written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
