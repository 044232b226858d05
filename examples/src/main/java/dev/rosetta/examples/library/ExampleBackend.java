package dev.rosetta.examples.library;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The example gRPC backend: the in-memory {@code rosetta.examples.library.v1.LibraryService},
 * seeded with a fixed set of shelves and books, on a grpc-java Netty server. The gateway's
 * {@code demo} subcommand and the end-to-end tests start it in process; {@link #main} runs it
 * alone.
 *
 * <pre>{@code
 * try (ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0))) {
 *   ManagedChannel channel =
 *       ManagedChannelBuilder.forAddress("127.0.0.1", backend.port()).usePlaintext().build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Each instance has its own library, so what one test changes another never sees. Thread
 * safe.
 */
public final class ExampleBackend implements AutoCloseable {
  /** The classpath resource holding the compiled descriptor set of the example API. */
  public static final String DESCRIPTOR_RESOURCE = "rosetta/examples/library.pb";

  private static final long GRACE_SECONDS = 5;
  private static final int DEFAULT_PORT = 9090;
  private static final String DEFAULT_BIND = "127.0.0.1";

  private final Server server;
  private final ScheduledExecutorService scheduler;

  private ExampleBackend(Server server, ScheduledExecutorService scheduler) {
    this.server = server;
    this.scheduler = scheduler;
  }

  /** Starts a backend on {@code address}; port 0 picks a free port, see {@link #port()}. */
  public static ExampleBackend start(InetSocketAddress address) throws IOException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "example-backend-delay");
      thread.setDaemon(true);
      return thread;
    });
    LibraryService service = new LibraryService(Library.seeded(Clock.systemUTC()), scheduler);
    // The last interceptor runs first: the echo wraps everything, so even a call the delay
    // interceptor rejects carries the server header.
    Server server = NettyServerBuilder.forAddress(address)
        .addService(ServerInterceptors.intercept(service,
            new DelayInterceptor(scheduler), new MetadataEchoInterceptor()))
        // grpc.health.v1, SERVING from the start: clients that check health (Rosetta does by
        // default) see a real answer instead of UNIMPLEMENTED.
        .addService(new HealthStatusManager().getHealthService())
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
    return new ExampleBackend(server, scheduler);
  }

  /** The port the server listens on: the one picked when started on port 0. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, lets running ones finish for up to five seconds, then cancels the
   * rest. Safe to call more than once.
   */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      scheduler.shutdownNow();
    }
  }

  private void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * {@code ExampleBackend [--port N] [--bind ADDR]}: serves until SIGINT or SIGTERM. Defaults
   * to 127.0.0.1:9090, so nothing is exposed beyond the machine unless asked for.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port = DEFAULT_PORT;
    String bind = DEFAULT_BIND;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        usage(System.out);
        return;
      }
      if ((arg.equals("--port") || arg.equals("--bind")) && i + 1 < args.length) {
        String value = args[++i];
        if (arg.equals("--bind")) {
          bind = value;
          continue;
        }
        try {
          port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 0 || port > 65535) {
          fail("--port: expected a port number from 0 to 65535, got \"" + value + "\"");
        }
        continue;
      }
      fail("unknown or incomplete option \"" + arg + "\"");
    }
    ExampleBackend backend = start(new InetSocketAddress(bind, port));
    Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "example-backend-stop"));
    System.out.println("example backend listening on " + bind + ":" + backend.port());
    backend.awaitTermination();
  }

  private static void fail(String message) {
    System.err.println("ExampleBackend: " + message);
    usage(System.err);
    System.exit(2);
  }

  private static void usage(PrintStream out) {
    out.println("usage: ExampleBackend [--port N] [--bind ADDR]");
    out.println("  --port N     port to listen on (default " + DEFAULT_PORT + "; 0 picks one)");
    out.println("  --bind ADDR  address to listen on (default " + DEFAULT_BIND + ")");
  }
}
