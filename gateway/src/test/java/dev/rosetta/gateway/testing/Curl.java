package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real curl (Debian's), run as users run it, for what curl's own habits decide: {@code -d}
 * sends {@code application/x-www-form-urlencoded}, {@code --raw} shows the chunked framing and its
 * trailers as they came. Every run is bounded (curl's {@code --max-time}, and a wait on the process).
 */
public final class Curl {
  private Curl() {}

  /** curl's output (stdout) for {@code args}; fails the test when curl does not exit with 0. */
  public static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(command).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return curl.getErrorStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    byte[] out = curl.getInputStream().readAllBytes();
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
    assertThat(curl.exitValue()).as("curl's exit code: %s", new String(err.join(), StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
