package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gateway demo} as a real process (this JVM's java and class path) on an ephemeral
 * loopback port, for the tours of the README and docs/streaming.md. Closing it sends SIGTERM and
 * expects the demo to stop.
 */
public final class DemoProcess implements AutoCloseable {
  private static final Pattern ADDRESS = Pattern.compile("behind http://localhost:(\\d+)");

  private final Process process;
  private final int port;

  private DemoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the demo and waits (up to 30 s) for the address it prints. */
  public static DemoProcess start() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--port", "0", "--bind", "127.0.0.1",
        // An ephemeral admin port too: the default one may be taken by another gateway on the machine.
        "--admin-port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    int port = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
      Matcher m = ADDRESS.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        break;
      }
    }
    assertThat(port).as("the demo printed its address").isPositive();
    return new DemoProcess(process, port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
  }
}
