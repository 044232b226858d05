package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real gateway process under steady load gets SIGTERM: every request sent before the signal
 * is answered (those in flight finish; kept-alive connections get Connection: close), and the
 * process exits 0 within its drain timeout.
 */
class GracefulShutdownTest {
  private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

  private record Outcome(long startNanos, String result) {}

  @Test
  void sigtermDrainsRequestsInFlightAndExitsZero() throws Exception {
    try (EchoBackend backend = EchoBackend.start()) {
      Process gateway = gateway("--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString(),
          "--backend", backend.target(), "--drain-timeout", "5s");
      try {
        int port = awaitPort(gateway);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          clients.add(CompletableFuture.runAsync(() -> load(port, stop, outcomes)));
        }
        // Steady load first (the JVMs on both sides warm up), then the signal mid-load.
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcomes.size() < 24 && System.nanoTime() < warm) {
          Thread.sleep(10);
        }
        Thread.sleep(50);
        long signal = System.nanoTime();
        gateway.destroy(); // SIGTERM
        assertThat(gateway.waitFor(15, TimeUnit.SECONDS)).isTrue();
        long exited = System.nanoTime();
        stop.set(true);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(gateway.exitValue()).isZero();
        assertThat(Duration.ofNanos(exited - signal)).isLessThan(Duration.ofSeconds(7));
        List<String> beforeSignal = outcomes.stream().filter(o -> o.startNanos() < signal).map(Outcome::result).toList();
        assertThat(beforeSignal).hasSizeGreaterThan(20).allMatch("200"::equals);
        // After the drain nothing listens any more.
        assertThat(outcomes.stream().filter(o -> o.startNanos() > exited).map(Outcome::result))
            .noneMatch("200"::equals);
      } finally {
        gateway.destroyForcibly();
      }
    }
  }

  @Test
  void anIdleGatewayExitsZeroPromptlyAfterSigterm() throws Exception {
    try (EchoBackend backend = EchoBackend.start()) {
      // The default drain timeout (10 s): with nothing in flight, none of it is waited for.
      Process gateway = gateway("--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString(), "--backend", backend.target());
      try {
        awaitPort(gateway);
        assertThat(terminate(gateway)).isLessThan(Duration.ofMillis(2_000));
        assertThat(gateway.exitValue()).isZero();
      } finally {
        gateway.destroyForcibly();
      }
    }
  }

  @Test
  void theDemoWithDrainTimeoutZeroExitsPromptlyWithACallInFlight() throws Exception {
    // The demo's own backend answers after the x-delay-ms header's 9 s; the gateway must not wait.
    Process gateway = gateway("demo", "--drain-timeout", "0");
    try {
      int port = awaitPort(gateway);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/shelves"))
              .header("x-delay-ms", "9000").timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500); // the call reaches the backend
      assertThat(slow).isNotDone();
      assertThat(terminate(gateway)).isLessThan(Duration.ofMillis(2_000));
      assertThat(gateway.exitValue()).isZero();
      assertThat(slow).failsWithin(Duration.ofSeconds(5)); // cut, as drain-timeout 0 asks
    } finally {
      gateway.destroyForcibly();
    }
  }

  /** The gateway CLI in a JVM of its own, on a free loopback port with its admin listener on another. */
  private static Process gateway(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.rosetta.gateway.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(List.of("--bind", "127.0.0.1", "--port", "0", "--admin-port", "0"));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Sends SIGTERM and returns how long the process took to exit (at most 15 s). */
  private static Duration terminate(Process gateway) throws InterruptedException {
    long signal = System.nanoTime();
    gateway.destroy();
    assertThat(gateway.waitFor(15, TimeUnit.SECONDS)).isTrue();
    return Duration.ofNanos(System.nanoTime() - signal);
  }

  /** One client with a kept-alive connection sending 100 ms requests back to back until told to stop. */
  private static void load(int port, AtomicBoolean stop, ConcurrentLinkedQueue<Outcome> outcomes) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/e2e/sleep/100"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < 500 && !stop.get(); i++) {
      long start = System.nanoTime();
      String result;
      try {
        result = String.valueOf(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
      } catch (Exception e) {
        result = e.getClass().getSimpleName();
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
      outcomes.add(new Outcome(start, result));
    }
  }

  private static int awaitPort(Process gateway) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (Exception e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("gateway exited before listening"));
    }, "gateway-output");
    reader.setDaemon(true);
    reader.start();
    return port.get(30, TimeUnit.SECONDS);
  }
}
