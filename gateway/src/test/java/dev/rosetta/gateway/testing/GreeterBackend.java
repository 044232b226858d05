package dev.rosetta.gateway.testing;

import dev.rosetta.gateway.greeter.v1.Blob;
import dev.rosetta.gateway.greeter.v1.GreetReply;
import dev.rosetta.gateway.greeter.v1.GreetRequest;
import dev.rosetta.gateway.greeter.v1.GreeterServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real grpc-java server on an ephemeral loopback port serving rosetta.test.greeter.v1: greets
 * as {@code "<label> greets <name>"} and echoes blobs. Server settings (TLS, message size) come
 * through {@code tweak}.
 */
public final class GreeterBackend implements AutoCloseable {
  private final Server server;

  private GreeterBackend(String label, UnaryOperator<NettyServerBuilder> tweak) throws IOException {
    server = tweak.apply(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service(label)))
        .build()
        .start();
  }

  public static GreeterBackend start(String label) throws IOException {
    return new GreeterBackend(label, b -> b);
  }

  public static GreeterBackend start(String label, UnaryOperator<NettyServerBuilder> tweak) throws IOException {
    return new GreeterBackend(label, tweak);
  }

  public int port() {
    return server.getPort();
  }

  public String target() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static ServerServiceDefinition service(String label) {
    return new GreeterServiceGrpc.GreeterServiceImplBase() {
      @Override
      public void greet(GreetRequest request, StreamObserver<GreetReply> out) {
        out.onNext(GreetReply.newBuilder().setMessage(label + " greets " + request.getName()).build());
        out.onCompleted();
      }

      @Override
      public void upload(Blob request, StreamObserver<Blob> out) {
        out.onNext(request);
        out.onCompleted();
      }
    }.bindService();
  }
}
