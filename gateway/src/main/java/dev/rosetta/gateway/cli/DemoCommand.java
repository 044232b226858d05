package dev.rosetta.gateway.cli;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.logging.Logging;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar gateway.jar demo}: the example library backend in process on a free loopback
 * port, and the gateway in front of it on its embedded descriptor set, so {@code curl} works at
 * once.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs the example library service in process behind the gateway (try: curl localhost:8080/v1/shelves).")
final class DemoCommand implements Callable<Integer> {
  @Mixin GatewayOptions options;

  @Override
  public Integer call() throws Exception {
    Logging.apply(options.logging.toOptions());
    ShutdownHook shutdown = ShutdownHook.install();
    ExampleBackend backend;
    Gateway gateway;
    try {
      backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
    } catch (Exception e) {
      shutdown.remove();
      throw e;
    }
    try {
      gateway = Gateway.start(options.toConfig(
          List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE), "127.0.0.1:" + backend.port()));
    } catch (Exception e) {
      shutdown.remove();
      backend.close();
      throw e;
    }
    int port = gateway.address().getPort();
    System.out.println("Rosetta demo: the example library service is behind http://localhost:" + port);
    System.out.println("  curl localhost:" + port + "/v1/shelves");
    System.out.println("  curl localhost:" + port + "/v1/shelves/fiction/books");
    System.out.println("Stop with Ctrl-C.");
    // Drain as the plain command does: close() alone left the connections open, so a call in
    // flight held the backend channels' shutdown for 5 s whatever --drain-timeout said.
    shutdown.await(() -> {
      gateway.drainAndClose(options.drainTimeout);
      backend.close();
    });
    return 0;
  }
}
