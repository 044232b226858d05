package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.StartupException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar gateway.jar --descriptor api.pb --backend localhost:9090}: the entry point, and
 * the one place that turns flags into a running gateway.
 */
@Command(
    name = "rosetta",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {DemoCommand.class},
    sortOptions = false,
    description = {
      "Rosetta: a gRPC-to-JSON transcoding gateway.",
      "Serves every google.api.http rule of the given descriptor sets as an HTTP/1.1 JSON route "
          + "and calls the backend over gRPC."
    })
public final class Main implements Callable<Integer> {
  @Option(names = "--descriptor", paramLabel = "PATH", split = ",", defaultValue = "${env:ROSETTA_DESCRIPTOR}",
      description = "A binary FileDescriptorSet, as written by protoc --include_imports --descriptor_set_out "
          + "(repeatable; env ROSETTA_DESCRIPTOR, comma-separated).")
  List<String> descriptors = new ArrayList<>();

  @Option(names = "--backend", paramLabel = "HOST:PORT", defaultValue = "${env:ROSETTA_BACKEND}",
      description = "The gRPC backend every service is called on (env ROSETTA_BACKEND).")
  String backend;

  @Mixin GatewayOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (descriptors == null || descriptors.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: --descriptor=PATH");
    }
    if (backend == null || backend.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: --backend=HOST:PORT");
    }
    Gateway gateway = Gateway.start(options.toConfig(descriptors, backend.trim()));
    awaitShutdown(gateway::close);
    return 0;
  }

  /** Blocks until SIGTERM or SIGINT, then runs {@code close}. */
  static void awaitShutdown(Runnable close) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      close.run();
      stopped.countDown();
    }, "rosetta-shutdown"));
    stopped.await();
  }

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line and returns the exit code: 0, 1 for a start-up failure, 2 for a bad flag. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof StartupException) {
        commandLine.getErr().println("rosetta: " + e.getMessage());
        return 1;
      }
      if (e instanceof IllegalArgumentException) { // flags that do not fit together (GatewayOptions.toConfig)
        commandLine.getErr().println("rosetta: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"rosetta " + (version == null ? "(development build)" : version)};
    }
  }
}
