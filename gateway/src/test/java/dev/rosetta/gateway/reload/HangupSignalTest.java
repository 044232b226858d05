package dev.rosetta.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.cli.Main;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -HUP} makes a running gateway process reload its descriptors. */
class HangupSignalTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void sighupReloadsTheDescriptorsOfARunningGateway() throws Exception {
    Path api = dir.resolve("api.pb");
    DescriptorSets.replace(api, DescriptorSets.original());
    try (GatewayProcess process = main("--descriptor", api.toString(), "--backend", "127.0.0.1:1",
        "--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1", "--no-watch-descriptors")) {
      assertThat(process.awaitLine(l -> l.contains("listening on"), WAIT)).isNotNull();
      DescriptorSets.replace(api, DescriptorSets.withNewRoute());
      hangUp(process);
      int expected = RouteTable.build(DescriptorRegistry.build(
          List.of(DescriptorSetLoader.parse("new", DescriptorSets.withNewRoute())))).routes().size();
      assertThat(process.awaitLine(l -> l.contains("reloaded:"), WAIT)).contains("reloaded: " + expected + " routes");
      assertThat(process.isAlive()).isTrue();
    }
  }

  /** The demo never reloads: a SIGHUP (a terminal closing) still ends it, as the JVM's own action. */
  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void sighupStillEndsTheDemo() throws Exception {
    try (GatewayProcess process = main("demo", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1")) {
      assertThat(process.awaitLine(l -> l.contains("listening on"), WAIT)).isNotNull();
      hangUp(process);
      process.awaitExit(WAIT);
    }
  }

  /** The command line from the classes just built, as its own process. */
  private static GatewayProcess main(String... args) throws Exception {
    List<String> command = GatewayProcess.javaClassPath(Main.class.getName());
    command.addAll(List.of(args));
    return GatewayProcess.start(Path.of("."), command);
  }

  private static void hangUp(GatewayProcess process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
