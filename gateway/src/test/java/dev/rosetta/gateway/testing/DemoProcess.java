package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.cli.Main;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gateway demo} as a real process (this JVM's java and class path) on an ephemeral
 * loopback port, for the tours of the README and docs/streaming.md. Closing it sends SIGTERM and
 * expects the demo to stop.
 */
public final class DemoProcess implements AutoCloseable {
  private static final Pattern ADDRESS = Pattern.compile("behind http://localhost:(\\d+)");

  private final GatewayProcess process;
  private final int port;

  private DemoProcess(GatewayProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the demo and waits (up to 30 s) for the address it prints. */
  public static DemoProcess start() throws Exception {
    return start(new String[0]);
  }

  /** Starts the demo with more flags ({@code --with-auth}) and waits for its address. */
  public static DemoProcess start(String... flags) throws Exception {
    return start(null, flags);
  }

  /** As {@link #start(String...)}, with {@code tmpdir} as the process's {@code java.io.tmpdir} (null: the default). */
  public static DemoProcess start(Path tmpdir, String... flags) throws Exception {
    List<String> command = new ArrayList<>(GatewayProcess.javaClassPath(Main.class.getName()));
    if (tmpdir != null) {
      command.add(1, "-Djava.io.tmpdir=" + tmpdir);
    }
    command.addAll(List.of("demo", "--port", "0", "--bind", "127.0.0.1",
        // An ephemeral admin port too: the default one may be taken by another gateway on the machine.
        "--admin-port", "0"));
    command.addAll(List.of(flags));
    GatewayProcess process = GatewayProcess.start(Path.of("."), command);
    Matcher m = ADDRESS.matcher(process.awaitLine(l -> ADDRESS.matcher(l).find(), Duration.ofSeconds(30)));
    assertThat(m.find()).as("the demo printed its address").isTrue();
    return new DemoProcess(process, Integer.parseInt(m.group(1)));
  }

  public int port() {
    return port;
  }

  /** The first line of the demo's output that {@code match} accepts, waiting up to 10 s for it. */
  public String awaitLine(java.util.function.Predicate<String> match) throws InterruptedException {
    return process.awaitLine(match, Duration.ofSeconds(10));
  }

  @Override
  public void close() throws Exception {
    process.close();
  }
}
