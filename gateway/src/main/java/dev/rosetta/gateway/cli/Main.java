package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.StartupPrefetch;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.logging.Logging;
import dev.rosetta.gateway.reload.HangupSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
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
    // The subcommands (demo, routes, lint, openapi, cds-training) are added by run(), when needed.
    // None is a method: without this, picocli scans every method of the class for one at each start
    // (and of every mixin, which says so in its own @Command for the same reason).
    addMethodSubcommands = false,
    sortOptions = false,
    description = {
      "Rosetta: a gRPC-to-JSON transcoding gateway.",
      "Serves every google.api.http rule of the given descriptor sets as an HTTP/1.1 JSON route "
          + "and calls the backend over gRPC."
    })
public final class Main implements Callable<Integer> {
  @Option(names = "--descriptor", paramLabel = "PATH", split = ",", defaultValue = "${env:ROSETTA_DESCRIPTOR}",
      description = "A binary FileDescriptorSet, as written by protoc --include_imports --descriptor_set_out, "
          + "or reflection://HOST:PORT to ask a server's reflection service "
          + "(repeatable; env ROSETTA_DESCRIPTOR, comma-separated).")
  List<String> descriptors = new ArrayList<>();

  @Option(names = "--backend", paramLabel = "TARGET", defaultValue = "${env:ROSETTA_BACKEND}",
      description = "The default gRPC backend: host:port, dns:///name:port, host1:port1,host2:port2 or xds:///name; "
          + "serves every service no backend of the configuration file claims (env ROSETTA_BACKEND).")
  String backend;

  @Option(names = "--config", paramLabel = "YAML", defaultValue = "${env:ROSETTA_CONFIG}",
      description = "Configuration file (see docs/configuration.md); flags and environment variables override it "
          + "(env ROSETTA_CONFIG).")
  String config;

  @Mixin GatewayOptions options;

  @Mixin BackendFlags backendFlags;

  /** SIGHUP's handler, installed by {@link #main} before anything else when it starts a gateway. */
  private static HangupSignal hangup;

  /** The backends of the configuration file, read before the command line is parsed. */
  private List<BackendSpec> fileBackends = List.of();

  /** The configuration file's {@code openapi:} section, read before the command line is parsed. */
  private OpenApiOptions fileOpenApi = OpenApiOptions.DEFAULTS;
  /** The edge policies of the configuration file. */
  private PolicyConfig filePolicies = PolicyConfig.NONE;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (descriptors == null || descriptors.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: --descriptor=PATH");
    }
    String target = backend == null || backend.isBlank() ? null : backend.trim();
    if (target == null && fileBackends.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: --backend=TARGET");
    }
    List<BackendSpec> backends;
    try {
      backends = backendFlags.apply(fileBackends, target);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    StartupPrefetch.await();
    Logging.apply(options.logging.toOptions());
    ShutdownHook shutdown = ShutdownHook.install();
    // run() without main() (tests, an embedding launcher) installs it here.
    HangupSignal signal = hangup != null ? hangup : HangupSignal.install();
    Gateway gateway;
    try {
      gateway = Gateway.start(options.toConfig(descriptors, null).withBackends(backends)
          .withOpenApi(options.openApi.over(fileOpenApi))
          .withPolicies(filePolicies, config == null || config.isBlank() ? null : Path.of(config)));
    } catch (Exception e) {
      shutdown.remove();
      throw e;
    }
    if (signal != null) {
      signal.reloadWith(() -> {
        try {
          gateway.reload();
        } catch (StartupException e) {
          // Logged and counted by the gateway; the previous routes stay.
        }
      });
    }
    shutdown.await(() -> gateway.drainAndClose(options.drainTimeout));
    return 0;
  }

  /** The subcommands by name, in the order usage help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("demo", DemoCommand::new);
    SUBCOMMANDS.put("routes", RoutesCommand::new);
    SUBCOMMANDS.put("lint", LintCommand::new);
    SUBCOMMANDS.put("openapi", OpenApiCommand::new);
    SUBCOMMANDS.put("cds-training", TrainingCommand::new);
  }

  public static void main(String[] args) {
    leakDetectionOffUnlessAsked();
    if (startsGateway(args)) {
      if (!namesSubcommandOrHelp(args)) {
        // First thing: until it is installed, a SIGHUP gets the JVM's own action, which shuts the
        // process down. Signals before the gateway is up are held (HangupSignal). Not for demo and
        // cds-training: they never reload, and a terminal's hangup should still end them.
        hangup = HangupSignal.install();
      }
      StartupPrefetch.begin();
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Netty's leak detector samples one buffer allocation in 128 by default and records a stack
   * trace for each: 3-4% of the event loop's CPU per native gRPC call in a profile (issue 15). The
   * test suite runs every exchange at PARANOID, where a leak fails the build; in the field it is off
   * unless {@code -Dio.netty.leakDetection.level} asks for it (docs/deployment.md). Set before any
   * Netty class loads: the level is read once. Public for the benchmarks' floor servers, which must
   * run Netty as the gateway does to be compared with it.
   */
  public static void leakDetectionOffUnlessAsked() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
  }

  /** A plain run, {@code demo} or {@code cds-training}: neither help, the version nor another subcommand. */
  private static boolean startsGateway(String... args) {
    List<String> words = List.of(args);
    if (words.contains("--version") || words.contains("-V") || words.contains("--help") || words.contains("-h")) {
      return false;
    }
    return !namesSubcommandOrHelp(args) || words.get(0).equals("demo") || words.get(0).equals("cds-training");
  }

  /** Runs the command line and returns the exit code: 0, 1 for a start-up failure, 2 for a bad flag. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, namesSubcommandOrHelp(args), args);
  }

  /**
   * Runs {@code args} with the subcommands in the command model, or without them. Each subcommand
   * is a command model of its own (the demo's repeats every gateway flag), which a plain run has
   * no use for but paid to build on every start (issue 16). They are there whenever an argument
   * names one or asks for help; a bad command line is run again with them, so its message and
   * usage (with the subcommands listed) are the whole command's.
   */
  private static int run(PrintWriter out, PrintWriter err, boolean withSubcommands, String... args) {
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    if (withSubcommands) {
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    } else {
      String[] original = args.clone();
      cli.setParameterExceptionHandler((e, parsed) -> run(out, err, true, original));
    }
    cli.setOut(out).setErr(err); // after the subcommands: picocli hands its writers to those it has
    ConfigMerge.Merged merged;
    try {
      merged = ConfigMerge.merge(cli, args, System.getenv());
    } catch (ConfigException e) {
      err.println("rosetta: " + e.getMessage());
      return 1;
    }
    main.fileBackends = merged.backends();
    main.fileOpenApi = merged.openApi();
    main.filePolicies = merged.policies();
    args = merged.args();
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

  /** Whether an argument is a subcommand's name or asks for usage help ({@code -h}, {@code --help}, {@code -hV}). */
  static boolean namesSubcommandOrHelp(String... args) {
    for (String arg : args) {
      if (SUBCOMMANDS.containsKey(arg) || arg.equals("--help") || (arg.startsWith("-") && !arg.startsWith("--") && arg.contains("h"))) {
        return true;
      }
    }
    return false;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"rosetta " + (version == null ? "(development build)" : version)};
    }
  }
}
