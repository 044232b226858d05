package dev.rosetta.bench.grpc;

import dev.rosetta.bench.grpc.v1.StreamRequest;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC backend of bench/grpc.sh: {@code rosetta.bench.v1.BenchService} (bench.proto), whose
 * methods do as little as a backend can, so that the same load run directly and through the
 * gateway differs only by the gateway's hop. {@code Echo} answers the request's own bytes;
 * {@code Stream} sends one prebuilt message {@code count} times, as fast as the client's flow
 * control lets it (never buffering beyond what gRPC says it is ready for).
 *
 * <p>Handlers run on the transport's threads (direct executor): none of them blocks. Also serves
 * grpc.health.v1 (SERVING), which the gateway asks by default.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.grpc.BenchBackend
 * [--port 0] [--bind 127.0.0.1]}; it prints {@code listening on HOST:PORT} once serving.
 */
public final class BenchBackend {
  private static final int MAX_COUNT = 1_000_000;
  private static final int MAX_SIZE = 1 << 20;

  private BenchBackend() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 0;
    String bind = "127.0.0.1";
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(required(args[i], value));
        case "--bind" -> bind = required(args[i], value);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (expected --port or --bind)");
      }
    }
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
        .directExecutor()
        .addService(service())
        .addService(new HealthStatusManager().getHealthService())
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    System.out.println("bench backend listening on " + bind + ":" + server.getPort());
    System.out.flush();
    server.awaitTermination();
  }

  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(BenchMethods.SERVICE)
        .addMethod(BenchMethods.ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .addMethod(BenchMethods.STREAM, ServerCalls.asyncServerStreamingCall(BenchBackend::stream))
        .build();
  }

  private static void stream(byte[] request, StreamObserver<byte[]> response) {
    StreamRequest params;
    try {
      params = StreamRequest.parseFrom(request);
    } catch (IOException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("not a StreamRequest").asRuntimeException());
      return;
    }
    if (params.getCount() < 1 || params.getCount() > MAX_COUNT || params.getSize() < 0 || params.getSize() > MAX_SIZE) {
      response.onError(Status.INVALID_ARGUMENT
          .withDescription("count must be 1 to " + MAX_COUNT + " and size 0 to " + MAX_SIZE + ", got count "
              + params.getCount() + " and size " + params.getSize())
          .asRuntimeException());
      return;
    }
    new Sender((ServerCallStreamObserver<byte[]>) response, BenchMethods.payload(params.getSize()), params.getCount())
        .start();
  }

  /**
   * Sends one stream's messages while the call is ready, and resumes on gRPC's on-ready callback.
   * Callbacks of one call are serialized by gRPC, so the counters need no synchronization.
   */
  private static final class Sender implements Runnable {
    private final ServerCallStreamObserver<byte[]> call;
    private final byte[] message;
    private final int count;
    private int sent;
    private boolean done;

    Sender(ServerCallStreamObserver<byte[]> call, byte[] message, int count) {
      this.call = call;
      this.message = message;
      this.count = count;
    }

    void start() {
      call.setOnCancelHandler(() -> done = true);
      call.setOnReadyHandler(this);
      run();
    }

    @Override
    public void run() {
      while (!done && sent < count && call.isReady()) {
        call.onNext(message);
        sent++;
      }
      if (!done && sent == count) {
        done = true;
        call.onCompleted();
      }
    }
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
