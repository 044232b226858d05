package dev.rosetta.gateway.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Standard error captured while open (the logback appender writes to whatever System.err is now). */
final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  StderrCapture() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  List<String> lines() {
    synchronized (captured) {
      return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isEmpty()).toList();
    }
  }

  /** The lines so far, once one matches or {@code timeout} has passed. */
  List<String> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines().stream().noneMatch(match) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return lines();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
