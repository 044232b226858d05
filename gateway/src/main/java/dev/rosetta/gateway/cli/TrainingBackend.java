package dev.rosetta.gateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example backend for {@code cds-training}, in a JVM of its own: the training gateway then
 * loads what a gateway in front of a remote backend loads, and nothing else. With the backend in
 * process (as {@code demo} runs it), the archive also held its gRPC server and the example
 * service: 3 MiB more archive that every start maps, and about 5 MiB more RSS in a production
 * gateway, which never loads them (docs/benchmarks.md, issue 16).
 *
 * <p>Runs the same {@code java} and class path as this process, with none of its JVM options
 * (above all not {@code -XX:DumpLoadedClassList}, which would mix its classes into the list), on
 * a free loopback port it reports on its standard output.
 */
final class TrainingBackend implements AutoCloseable {
  private static final String MAIN = "dev.rosetta.examples.library.ExampleBackend";
  private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+)$");
  private static final long START_SECONDS = 60;

  private final Process process;
  private final int port;

  private TrainingBackend(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static TrainingBackend start() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), MAIN,
        "--port", "0", "--bind", "127.0.0.1"))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      return new TrainingBackend(process, awaitPort(process));
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  /**
   * The port from the backend's line {@code example backend listening on HOST:PORT}. The reader
   * goes on draining its output on a daemon thread, so that it never blocks on a full pipe.
   */
  private static int awaitPort(Process process) throws IOException, InterruptedException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Matcher> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher matcher = LISTENING.matcher(line.trim());
          if (!listening.isDone() && matcher.find()) {
            listening.complete(matcher);
          }
        }
        listening.complete(null); // the output ended: the backend exited
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
    }, "training-backend-output");
    reader.setDaemon(true);
    reader.start();
    Matcher port;
    try {
      port = listening.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("the training backend was not listening after " + START_SECONDS + " s");
    } catch (ExecutionException e) {
      throw new IOException("reading the training backend's output", e.getCause());
    }
    if (port == null) {
      throw new IOException("the training backend exited (" + process.waitFor() + ") before it listened");
    }
    return Integer.parseInt(port.group(1));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the backend's shutdown hook stops its server
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
