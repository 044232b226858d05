package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real curl (Debian's 7.88, with nghttp2), run as users run it, for what curl's own habits
 * decide: {@code -d} sends {@code application/x-www-form-urlencoded}, {@code --raw} shows the
 * chunked framing and its trailers as they came, {@code --http2}, {@code --http2-prior-knowledge},
 * {@code --compressed}. Every run is bounded (curl's {@code --max-time}, and a wait on the process).
 */
public final class Curl {
  /**
   * @param httpVersion what curl spoke last: "1.1" or "2"
   * @param headers the last response's headers, names in lower case (the 101 of an upgrade left out)
   * @param body the body as curl wrote it (decoded when {@code --compressed} was given)
   */
  public record Result(String httpVersion, int status, Map<String, String> headers, String body) {}

  private Curl() {}

  public static boolean available() {
    try {
      return new ProcessBuilder("curl", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

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

  /**
   * Runs {@code curl -sS <args>} and reads what it got (HTTP version, status, the last head's
   * headers, the body), with its files in {@code dir}; fails when curl fails.
   */
  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    Path headers = Files.createTempFile(dir, "headers", ".txt");
    Path body = Files.createTempFile(dir, "body", ".txt");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", headers.toString(),
        "-o", body.toString(), "-w", "%{http_version} %{http_code}"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("curl " + String.join(" ", args) + " failed: " + out);
    }
    String[] written = out.split(" ");
    Map<String, String> last = new LinkedHashMap<>();
    for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("HTTP/")) {
        last.clear(); // a new response head (after a 101 or a 100)
      } else if (line.contains(":")) {
        int colon = line.indexOf(':');
        last.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return new Result(written[0], Integer.parseInt(written[1]), last, Files.readString(body, StandardCharsets.UTF_8));
  }
}
