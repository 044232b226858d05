package dev.rosetta.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -HUP} makes a running gateway process reload its descriptors. */
class HangupSignalTest {
  @TempDir Path dir;

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void sighupReloadsTheDescriptorsOfARunningGateway() throws Exception {
    Path api = dir.resolve("api.pb");
    DescriptorSets.replace(api, DescriptorSets.original());
    Process process = main("--descriptor", api.toString(), "--backend", "127.0.0.1:1", "--bind", "127.0.0.1",
        "--port", "0", "--admin-port", "-1", "--no-watch-descriptors");
    BlockingQueue<String> lines = linesOf(process);
    try {
      assertThat(awaitLine(lines, "listening on")).isNotNull();
      DescriptorSets.replace(api, DescriptorSets.withNewRoute());
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      int expected = dev.rosetta.gateway.route.RouteTable.build(dev.rosetta.gateway.descriptor.DescriptorRegistry.build(
          List.of(dev.rosetta.gateway.descriptor.DescriptorSetLoader.parse("new", DescriptorSets.withNewRoute()))))
          .routes().size();
      assertThat(awaitLine(lines, "reloaded:")).contains("reloaded: " + expected + " routes");
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The demo never reloads: a SIGHUP (a terminal closing) still ends it, as the JVM's own action. */
  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void sighupStillEndsTheDemo() throws Exception {
    Process process = main("demo", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1");
    BlockingQueue<String> lines = linesOf(process);
    try {
      assertThat(awaitLine(lines, "listening on")).isNotNull();
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the demo ended").isTrue();
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Process main(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** The process's output lines as they come, read on a daemon thread. */
  private static BlockingQueue<String> linesOf(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (Exception e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, String needle) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(needle)) {
        return line;
      }
    }
    throw new AssertionError("no line containing \"" + needle + "\" within 20 s");
  }
}
