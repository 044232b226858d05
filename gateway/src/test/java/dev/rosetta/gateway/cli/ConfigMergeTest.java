package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.backend.XdsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** defaults < file < environment < flags. */
class ConfigMergeTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, """
        descriptors: [from-file.pb]
        listener:
          bind: 10.1.1.1
          port: 9000
          timeout: 7s
        json:
          emit-defaults: true
        drain-timeout: 25s
        backends:
          - name: books
            target: books:1
            services: [books.*]
          - target: fallback:1
            timeout: 3s
        """);
    return file;
  }

  private static Main parse(ConfigMerge.Merged merged) {
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    return main;
  }

  @Test
  void theFileFillsWhatNeitherFlagsNorEnvironmentSet() throws Exception {
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"--config", config().toString()}, Map.of());
    Main main = parse(merged);
    assertThat(main.descriptors).containsExactly(dir.resolve("from-file.pb").toString()); // relative to the file
    assertThat(main.options.bind).isEqualTo("10.1.1.1");
    assertThat(main.options.port).isEqualTo(9000);
    assertThat(main.options.timeout).isEqualTo(Duration.ofSeconds(7));
    assertThat(main.options.emitDefaults).isTrue();
    assertThat(main.options.drainTimeout).isEqualTo(Duration.ofSeconds(25));
    assertThat(merged.backends()).extracting(BackendSpec::target).containsExactly("books:1", "fallback:1");
  }

  @Test
  void flagsAndEnvironmentVariablesWinOverTheFile() throws Exception {
    ConfigMerge.Merged merged = ConfigMerge.merge(
        new String[] {"--config=" + config(), "--port", "7000", "--descriptor", "flag.pb"},
        Map.of("ROSETTA_BIND", "127.0.0.1"));
    List<String> args = List.of(merged.args());
    assertThat(args).doesNotContain("--port=9000", "--bind=10.1.1.1", "--descriptor=" + dir.resolve("from-file.pb"))
        .contains("--timeout=7s");
    Main main = parse(merged);
    assertThat(main.options.port).isEqualTo(7000);
    assertThat(main.descriptors).containsExactly("flag.pb");
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment() throws Exception {
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[0], Map.of("ROSETTA_CONFIG", config().toString()));
    assertThat(List.of(merged.args())).contains("--port=9000");
  }

  @Test
  void theConfigFileCanComeFromAnArgumentFile() throws Exception {
    Path argumentFile = dir.resolve("args.txt");
    Files.writeString(argumentFile, "--config\n" + config() + "\n");
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"@" + argumentFile}, Map.of());
    assertThat(List.of(merged.args())).contains("--port=9000");
  }

  @Test
  void withoutAConfigFileTheArgumentsAreRunAsGiven() throws Exception {
    String[] args = {"--descriptor", "api.pb", "--backend", "localhost:9090", "--port", "7000"};
    ConfigMerge.Merged merged = ConfigMerge.merge(args, Map.of("ROSETTA_BIND", "127.0.0.1"));
    assertThat(merged.args()).containsExactly(args);
    assertThat(merged.backends()).isEmpty();
  }

  @Test
  void backendFlagsChangeTheDefaultBackendOfTheFile() throws Exception {
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"--config", config().toString(),
        "--backend", "other:2", "--lb-policy", "pick_first", "--backend-authority", "api.internal"}, Map.of());
    Main main = parse(merged);
    List<BackendSpec> backends = main.backendFlags.apply(merged.backends(), main.backend);
    assertThat(backends.get(0).target()).isEqualTo("books:1");
    assertThat(backends.get(0).loadBalancing()).isEqualTo(BackendSpec.LoadBalancing.ROUND_ROBIN);
    BackendSpec fallback = backends.get(1);
    assertThat(fallback.target()).isEqualTo("other:2");
    assertThat(fallback.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fallback.loadBalancing()).isEqualTo(BackendSpec.LoadBalancing.PICK_FIRST);
    assertThat(fallback.tls().authority()).isEqualTo("api.internal");
  }

  @Test
  void aBadFileStopsStartUpNamingFileLineAndKey() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "listener:\n  port: 80\n  colour: blue\n");
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--config", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains(file + ":3: listener.colour: unknown key");
  }

  /** The bootstrap: flag, then ROSETTA_XDS_BOOTSTRAP, then the file, then grpc's own two variables. */
  @Test
  void theXdsBootstrapComesFromFlagsTheFileOrGrpcsOwnVariables() throws Exception {
    Path file = dir.resolve("mesh.yaml");
    Files.writeString(file, "xds:\n  bootstrap: from-file.json\n");
    Map<String, String> grpcEnv = Map.of("GRPC_XDS_BOOTSTRAP", "/grpc.json", "GRPC_XDS_BOOTSTRAP_CONFIG", "{}");
    assertThat(bootstrap(new String[0], grpcEnv)).isEqualTo(new XdsOptions(Path.of("/grpc.json"), null));
    assertThat(bootstrap(new String[0], Map.of("GRPC_XDS_BOOTSTRAP_CONFIG", "{\"node\":{}}")))
        .isEqualTo(new XdsOptions(null, "{\"node\":{}}"));
    assertThat(bootstrap(new String[0], Map.of())).isEqualTo(XdsOptions.NONE);
    assertThat(bootstrap(new String[] {"--config", file.toString()}, grpcEnv))
        .isEqualTo(new XdsOptions(dir.toAbsolutePath().resolve("from-file.json"), null));
    assertThat(bootstrap(new String[] {"--config", file.toString(), "--xds-bootstrap", "flag.json"}, grpcEnv))
        .isEqualTo(new XdsOptions(Path.of("flag.json"), null));
  }

  private static XdsOptions bootstrap(String[] args, Map<String, String> env) throws Exception {
    Main main = parse(ConfigMerge.merge(args, env));
    return main.options.xds.toOptions(env);
  }
}
