package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway (or any java command) as a real process, its standard output and error read into
 * lines as they come. Closing it sends SIGTERM and expects the process to stop.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on /[^:]+:(\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private GatewayProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "gateway-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} in {@code directory}, standard error merged into standard output. */
  public static GatewayProcess start(Path directory, List<String> command) throws IOException {
    return new GatewayProcess(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
  }

  /** This JVM's java: the JDK the build runs on. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This JVM's java and class path, running {@code mainClass}: the gateway from the classes just built. */
  public static List<String> javaClassPath(String mainClass) {
    return new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), mainClass));
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The first line that matches, waiting up to {@code timeout} for it; fails naming what was printed. */
  public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        if (match.test(line)) {
          return line;
        }
      }
      if (!process.isAlive() && lines().stream().noneMatch(match)) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such line within " + timeout + " (alive: " + process.isAlive() + "); printed:\n"
        + String.join("\n", lines()));
  }

  /** The port of the gateway's "listening on" line, once it is printed (up to 60 s: a loaded machine is slow). */
  public int awaitListeningPort() throws InterruptedException {
    Matcher m = LISTENING.matcher(awaitLine(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(60)));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The process id, for signals ({@code kill -HUP}). */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the process ended; printed:\n%s",
        String.join("\n", lines())).isTrue();
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the process stops on SIGTERM").isTrue();
  }
}
