package dev.rosetta.bench.grpc;

import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.cli.Main;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The floor of a gRPC hop on Rosetta's stack, for bench/grpc.sh {@code --floor}: the smallest
 * proxy grpc-java and Netty make, every call forwarded as bytes to one backend channel, with
 * nothing else (no descriptor set, routing, deadlines of its own, metadata rules, metrics, access
 * log or limits). Its front end is grpc-java's own server transport, where Rosetta's is Netty's
 * HTTP/2 codec with a child channel per stream; both share one epoll event loop group with the
 * backend channel, as Rosetta does. What Rosetta's hop costs above this one is what its own layers
 * and its front end cost; what this one costs is the stack's.
 *
 * <p>Flow control is gRPC's, as in grpc-java's own proxy example: each side takes the next message
 * from one peer only while the other peer is ready for it, and asks again when it becomes ready.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.grpc.GrpcProxyFloor
 * --backend HOST:PORT [--port 0] [--bind 127.0.0.1]}; it prints {@code listening on HOST:PORT}.
 */
public final class GrpcProxyFloor {
  private GrpcProxyFloor() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    // Netty's leak detector as the gateway runs it (off unless asked for): left on, its sampled stack
    // traces cost a floor 3-5% of its event loop, a handicap the gateway does not have.
    Main.leakDetectionOffUnlessAsked();
    int port = 0;
    String bind = "127.0.0.1";
    String backend = null;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value);
        case "--bind" -> bind = value;
        case "--backend" -> backend = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (expected --backend, --port or --bind)");
      }
    }
    if (backend == null) {
      throw new IllegalArgumentException("--backend HOST:PORT is required");
    }
    // One loop per core, as Rosetta's EventLoops; the acceptor on a thread of its own, as Rosetta's Acceptor.
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory("floor-io", true), EpollIoHandler.newFactory());
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("floor-accept", true),
        EpollIoHandler.newFactory());
    ManagedChannel channel = NettyChannelBuilder.forTarget(backend)
        .usePlaintext()
        .directExecutor()
        .eventLoopGroup(loops)
        .channelType(EpollSocketChannel.class)
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
        .directExecutor()
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(loops)
        .channelType(EpollServerSocketChannel.class)
        .fallbackHandlerRegistry(new Forwarding(channel))
        .build()
        .start();
    System.out.println("floor proxy listening on " + bind + ":" + server.getPort() + " (epoll)");
    System.out.flush();
    server.awaitTermination();
  }

  /** Every method, known or not, forwarded to the backend channel as bytes. */
  private static final class Forwarding extends HandlerRegistry {
    private final ManagedChannel channel;

    Forwarding(ManagedChannel channel) {
      this.channel = channel;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<byte[], byte[]> method = GrpcMethods.passthrough(methodName);
      ServerCallHandler<byte[], byte[]> handler = (call, headers) -> {
        ClientCall<byte[], byte[]> out = channel.newCall(method, CallOptions.DEFAULT);
        Relay relay = new Relay(call, out);
        out.start(relay.backendSide, headers);
        call.request(1);
        out.request(1);
        return relay.clientSide;
      };
      return ServerMethodDefinition.create(method, handler);
    }
  }

  /** One call relayed both ways. */
  private static final class Relay {
    private final ServerCall<byte[], byte[]> call;
    private final ClientCall<byte[], byte[]> out;
    /** Client to backend: the client is asked for its next message while the backend call is ready. */
    private final Direction toBackend;
    /** Backend to client: the backend is asked for its next message while the server call is ready. */
    private final Direction toClient;

    Relay(ServerCall<byte[], byte[]> call, ClientCall<byte[], byte[]> out) {
      this.call = call;
      this.out = out;
      this.toBackend = new Direction() {
        @Override
        boolean sinkIsReady() {
          return out.isReady();
        }

        @Override
        void askSource() {
          call.request(1);
        }
      };
      this.toClient = new Direction() {
        @Override
        boolean sinkIsReady() {
          return call.isReady();
        }

        @Override
        void askSource() {
          out.request(1);
        }
      };
    }

    /** The client's side: its messages go to the backend, its half-close and cancellation too. */
    final ServerCall.Listener<byte[]> clientSide = new ServerCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        out.sendMessage(message);
        toBackend.forwarded();
      }

      @Override
      public void onHalfClose() {
        out.halfClose();
      }

      @Override
      public void onCancel() {
        out.cancel("the client cancelled", null);
      }

      @Override
      public void onReady() {
        toClient.sinkReady();
      }
    };

    /** The backend's side: its headers, messages and status go back to the client. */
    final ClientCall.Listener<byte[]> backendSide = new ClientCall.Listener<>() {
      /** gRPC delivers a response's headers before its first message. */
      @Override
      public void onHeaders(Metadata headers) {
        call.sendHeaders(headers);
      }

      @Override
      public void onMessage(byte[] message) {
        call.sendMessage(message);
        toClient.forwarded();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        call.close(status, trailers);
      }

      @Override
      public void onReady() {
        toBackend.sinkReady();
      }
    };
  }

  /**
   * One direction of a relay: its source is asked for the next message only while its sink is
   * ready, and again when the sink becomes ready. The two ends' callbacks may run on different
   * event loops, hence the lock: the sink's readiness is read under it, so an on-ready callback
   * that comes meanwhile finds the source waiting.
   */
  private abstract static class Direction {
    private boolean waiting;

    abstract boolean sinkIsReady();

    abstract void askSource();

    /** A message was forwarded to the sink. */
    synchronized void forwarded() {
      if (sinkIsReady()) {
        askSource();
      } else {
        waiting = true;
      }
    }

    synchronized void sinkReady() {
      if (waiting) {
        waiting = false;
        askSource();
      }
    }
  }
}
