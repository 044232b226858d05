package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.http.GatewayServer;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.TestEngines;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection storms (issue 14, point 7): the listener accepts on a thread of its own, so new
 * connections leave the kernel's accept queue while every request loop is busy, and its backlog is
 * the system's. Read from the kernel with {@code ss}: a listening socket's Recv-Q is the
 * connections waiting to be accepted, its Send-Q the backlog.
 */
class AcceptTest {
  private EventLoopGroup loops;
  private GatewayServer server;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(ss("-V") != null, "ss (iproute2) is not installed");
    // One request loop, as on a one-core machine: blocking it blocks every connection's work.
    loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = GatewayServer.start(TestEngines.of(new BackendRouter(Map.of(), null), c -> c),
        ServerOptions.defaults().withBindAddress("127.0.0.1").withPort(0), loops, NioServerSocketChannel.class);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void theBacklogIsTheSystemsSomaxconn() throws Exception {
    // Files.readString trusts the file's size, which /proc reports as 0: read the lines instead.
    int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
    assertThat(listener()[1]).as("the listener's backlog").isEqualTo(somaxconn);
  }

  @Test
  void connectionsLeaveTheAcceptQueueWhileTheOnlyRequestLoopIsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    loops.next().execute(() -> {
      try {
        release.await(30, TimeUnit.SECONDS); // a request loop stuck in work
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<Socket> burst = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5_000);
        burst.add(socket);
      }
      eventually("the 50 connections accepted with the loop still busy", Duration.ofSeconds(10),
          () -> listener()[0] == 0);
      assertThat(release.getCount()).as("the request loop is still blocked").isEqualTo(1);
    } finally {
      release.countDown();
      for (Socket socket : burst) {
        socket.close();
      }
    }
    // Once the loop is free, the connections are served.
    try (RawHttp http = new RawHttp(server.address().getPort())) {
      http.write("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(404);
    }
  }

  /** The listener's accept queue (Recv-Q) and backlog (Send-Q), as {@code ss} reports them. */
  private int[] listener() throws Exception {
    String out = ss("-ltnH", "sport = :" + server.address().getPort());
    String[] fields = out.trim().split("\\s+");
    return new int[] {Integer.parseInt(fields[1]), Integer.parseInt(fields[2])};
  }

  private static String ss(String... args) {
    List<String> command = new ArrayList<>(List.of("ss"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }
}
