package dev.rosetta.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures standard error, where the bundled slf4j-simple backend writes every log line (it looks
 * {@code System.err} up at each line), until closed. Test classes run one at a time, so what is
 * captured comes from the test that opened it.
 */
public final class StderrCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  public StderrCapture() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** The lines written so far. */
  public List<String> lines() {
    synchronized (captured) {
      return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
