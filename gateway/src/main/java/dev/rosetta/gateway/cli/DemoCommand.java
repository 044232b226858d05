package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.StartupPrefetch;
import dev.rosetta.gateway.logging.Logging;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar gateway.jar demo}: the example library backend in process on a free loopback
 * port, and the gateway in front of it on its embedded descriptor set, so {@code curl} works at
 * once. With {@code --with-auth}, behind a sample edge policy ({@link DemoAuth}): it prints a
 * valid token on a line of its own, {@code token: eyJ...}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs the example library service in process behind the gateway (try: curl localhost:8080/v1/shelves).")
final class DemoCommand implements Callable<Integer> {
  @Mixin GatewayOptions options;

  @Option(names = "--with-auth", defaultValue = "${env:ROSETTA_DEMO_WITH_AUTH}",
      description = "Behind a sample edge policy: reads limited to 20 requests per second per client address, "
          + "writes (POST, PATCH, DELETE) needing a JWT; prints a valid token (env ROSETTA_DEMO_WITH_AUTH).")
  boolean withAuth;

  @Override
  public Integer call() throws Exception {
    StartupPrefetch.await();
    Logging.apply(options.logging.toOptions());
    DemoAuth auth = withAuth ? DemoAuth.create() : null;
    ShutdownHook shutdown = ShutdownHook.install();
    DemoStack demo;
    try {
      demo = DemoStack.start(options, auth == null ? PolicyConfig.NONE : auth.policies());
    } catch (Exception e) {
      shutdown.remove();
      if (auth != null) {
        auth.close();
      }
      throw e;
    }
    int port = demo.gateway().address().getPort();
    System.out.println("Rosetta demo: the example library service is behind http://localhost:" + port);
    System.out.println("  curl localhost:" + port + "/v1/shelves");
    System.out.println("  curl localhost:" + port + "/v1/shelves/fiction/books");
    if (auth != null) {
      System.out.println("Reads: at most 20 a second per client. Writes need this token (valid "
          + DemoAuth.VALIDITY.toHours() + " h), as Authorization: Bearer <token>:");
      System.out.println("token: " + auth.token());
    }
    System.out.println("Stop with Ctrl-C.");
    shutdown.await(() -> {
      demo.drainAndClose(options.drainTimeout);
      if (auth != null) {
        auth.close(); // after the drain: the gateway reads the JWKS file until it stops
      }
    });
    return 0;
  }
}
