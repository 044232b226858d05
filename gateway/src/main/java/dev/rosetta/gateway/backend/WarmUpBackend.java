package dev.rosetta.gateway.backend;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on the loopback that answers every method, whatever its name, with one empty
 * message and OK, and a {@link Backend} that calls it: what the start's warm-up sends its requests
 * to ({@code --warm-up-connections}), so that they run the whole backend call (the gRPC client, its
 * HTTP/2 connection, the buffers of many calls in flight) without reaching a real backend. An empty
 * message is the default value of every message type, so every route's response prints. The
 * backend is configured as a real one is (balancing, health checks, keepalive), so that the same
 * code runs; {@code grpc.health.v1.Health} answers {@code SERVING}.
 *
 * <p>It runs on the gateway's event loops and lives as long as the warm-up: {@link #close} stops
 * both the server and the backend's channels, before the gateway stops its event loops.
 */
public final class WarmUpBackend implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];
  /** {@code grpc.health.v1.HealthCheckResponse { status: SERVING }} on the wire. */
  private static final byte[] SERVING = {0x08, 0x01};
  /** What client-side health checking calls (the gateway's own probe never sees this backend). */
  private static final String HEALTH_WATCH = "grpc.health.v1.Health/Watch";

  private final Server server;
  private final Backend backend;

  private WarmUpBackend(Server server, Backend backend) {
    this.server = server;
    this.backend = backend;
  }

  /**
   * Starts the server on an ephemeral loopback port, on {@code group}, and connects a backend to
   * it configured as {@code like} (a real backend's spec: its target and TLS are replaced) with
   * {@code options} (those of the real backends, so that the same limits run).
   */
  public static WarmUpBackend start(BackendSpec like, EventLoopGroup group,
      Class<? extends ServerChannel> serverChannel, Class<? extends Channel> clientChannel, BackendOptions options) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .channelType(serverChannel)
        .directExecutor()
        .maxInboundMessageSize(options.maxMessageBytes())
        .fallbackHandlerRegistry(new EveryMethod())
        .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("warm-up backend: " + e.getMessage(), e);
    }
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    String target = "static:///" + loopback.getHostAddress() + ":" + port;
    Backend backend;
    try {
      backend = new Backend(like.withTarget(target).withTls(null), Set.of(), group, clientChannel, options);
    } catch (RuntimeException e) {
      server.shutdownNow();
      throw e;
    }
    return new WarmUpBackend(server, backend);
  }

  /** The backend every warm-up request is sent to. */
  public Backend backend() {
    return backend;
  }

  /** Whether {@link #close} has stopped the server. */
  public boolean isClosed() {
    return server.isShutdown();
  }

  /**
   * Closes the backend's channels, then the server, and waits (a second each at most) for both:
   * they run on the gateway's event loops, which must not stop under them. Not on an event loop.
   */
  @Override
  public void close() {
    backend.close(1_000);
    server.shutdownNow();
    try {
      server.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every method name resolves to {@link #ANSWER} ({@link #WATCH} for a health watch), the messages as bytes. */
  private static final class EveryMethod extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      return ServerMethodDefinition.create(GrpcMethods.passthrough(methodName),
          HEALTH_WATCH.equals(methodName) ? WATCH : ANSWER);
    }
  }

  /** Takes whatever the client sends; once it has sent all, answers one empty message and OK. */
  private static final ServerCallHandler<byte[], byte[]> ANSWER = (call, headers) -> {
    call.request(Integer.MAX_VALUE);
    return new ServerCall.Listener<>() {
      @Override
      public void onHalfClose() {
        call.sendHeaders(new Metadata());
        call.sendMessage(EMPTY);
        call.close(Status.OK, new Metadata());
      }
    };
  };

  /** A health watch: {@code SERVING} once, and the stream kept open, as a healthy server does. */
  private static final ServerCallHandler<byte[], byte[]> WATCH = (call, headers) -> {
    call.request(1);
    call.sendHeaders(new Metadata());
    call.sendMessage(SERVING);
    return new ServerCall.Listener<>() {};
  };
}
