package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.logging.Logging;
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
    DemoStack demo;
    try {
      demo = DemoStack.start(options);
    } catch (Exception e) {
      shutdown.remove();
      throw e;
    }
    int port = demo.gateway().address().getPort();
    System.out.println("Rosetta demo: the example library service is behind http://localhost:" + port);
    System.out.println("  curl localhost:" + port + "/v1/shelves");
    System.out.println("  curl localhost:" + port + "/v1/shelves/fiction/books");
    System.out.println("Stop with Ctrl-C.");
    shutdown.await(() -> demo.drainAndClose(options.drainTimeout));
    return 0;
  }
}
