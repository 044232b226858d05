package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * grpc-gateway's example gRPC backend (Go), as {@code ../shared/peer/setup.sh} builds it, running
 * as a real process on an ephemeral loopback port. The build lives in {@code $PEER_BUILD}
 * (default {@code /tmp/peer-build}): {@code bin/example-grpc-server} and {@code
 * descriptors/examples.protoset} with {@code routes.tsv}.
 *
 * <p>Without the build the test fails and says how to make it (CI runs setup.sh from {@code
 * .ci/run}); {@code ROSETTA_SKIP_PEER_TESTS=1} skips it on request instead.
 */
public final class PeerBackend implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private PeerBackend(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** The peer build directory, checked; fails with advice when it is missing. */
  public static Path build() {
    Assumptions.assumeFalse("1".equals(System.getenv("ROSETTA_SKIP_PEER_TESTS")),
        "ROSETTA_SKIP_PEER_TESTS=1: grpc-gateway example tests skipped on request");
    String dir = System.getenv().getOrDefault("PEER_BUILD", "/tmp/peer-build");
    Path build = Path.of(dir);
    for (Path needed : List.of(build.resolve("bin/example-grpc-server"),
        build.resolve("descriptors/examples.protoset"), build.resolve("descriptors/routes.tsv"))) {
      if (!Files.isRegularFile(needed)) {
        throw new AssertionError("grpc-gateway's example build is missing (" + needed + "): run "
            + "../shared/peer/setup.sh (it installs Debian's golang-go and grpc-gateway sources with apt and builds "
            + "into $PEER_BUILD, default /tmp/peer-build; .ci/run does it), or set ROSETTA_SKIP_PEER_TESTS=1 to skip");
      }
    }
    return build;
  }

  /** Starts {@code bin/example-grpc-server} on 127.0.0.1 and an ephemeral port, logging to {@code log}. */
  public static PeerBackend start(Path build, Path log) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(build.resolve("bin/example-grpc-server").toString(),
        "-addr", "127.0.0.1:0", "-logtostderr")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int port = -1;
    // The server prints no address: its listening socket is found through /proc (Linux).
    while (port < 0 && System.nanoTime() < deadline) {
      if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("example-grpc-server exited with " + process.exitValue() + ": "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      port = listeningPort(process.pid());
    }
    if (port < 0) {
      process.destroyForcibly();
    }
    assertThat(port).as("example-grpc-server listens within 20 s").isPositive();
    return new PeerBackend(process, log, port);
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  /** What the backend logged so far (glog), for failure messages. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The TCP port process {@code pid} listens on, or -1 while it has none. */
  private static int listeningPort(long pid) throws IOException {
    Set<String> sockets = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            sockets.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException e) {
          // the descriptor closed meanwhile
        }
      }
    }
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] cols = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; st 0A = LISTEN
        if (cols.length > 9 && cols[3].equals("0A") && sockets.contains(cols[9])) {
          return Integer.parseInt(cols[1].substring(cols[1].indexOf(':') + 1), 16);
        }
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
