package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker/Dockerfile, checked without a Docker engine: its shape (stages, glibc base, non-root,
 * the README's command as entry point, the archive where the flags look for it), what it copies
 * from the build context, its health check run for real against an admin listener, and the
 * Dockerfile linter (dockerfile-utils from npm, installed by .ci/install-npm-tools.sh).
 * The jlink runtime it builds is run by ShippedJarIT.
 */
class DockerImageTest {
  private static final Path ROOT = Path.of("..");
  private static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
  private static final Path LINTER = ROOT.resolve("docker/lint/node_modules/.bin/dockerfile-utils");

  /** The Dockerfile with continuation lines joined. */
  private static List<String> instructions() throws IOException {
    String text = Files.readString(DOCKERFILE).replace("\\\n", " ");
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String only(List<String> lines, String instruction) {
    List<String> found = lines.stream().filter(l -> l.startsWith(instruction + " ")).toList();
    assertThat(found).as(instruction).hasSize(1);
    return found.get(0).substring(instruction.length() + 1).strip();
  }

  @SuppressWarnings("unchecked")
  private static List<String> execForm(String json) {
    return (List<String>) new Yaml().load(json);
  }

  @Test
  void theImageIsBuiltInStagesOnAGlibcBaseAndRunsTheReadmesCommandAsANonRootUser() throws Exception {
    List<String> lines = instructions();
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
    // Netty's epoll library needs glibc: no musl (Alpine) base for the image that runs.
    assertThat(froms.get(froms.size() - 1)).doesNotContainIgnoringCase("alpine");
    assertThat(lines).anyMatch(l -> l.startsWith("RUN ") && l.contains("docker/jlink.sh"));
    String user = only(lines, "USER");
    assertThat(user).matches("[1-9][0-9]*(:[1-9][0-9]*)?");
    assertThat(execForm(only(lines, "ENTRYPOINT")))
        .containsExactly("java", "@docker/jvm.options", "-jar", "gateway/target/gateway.jar");
    // The archive is made by the build's own script, where the shipped flags look for it.
    Matcher archive = Pattern.compile("RUN bash docker/cds-archive\\.sh (\\S+) ").matcher(String.join("\n", lines));
    assertThat(archive.find()).isTrue();
    assertThat(Files.readAllLines(ROOT.resolve("docker/jvm.options")))
        .contains("-XX:SharedArchiveFile=" + archive.group(1));
    Map<String, String> envFlags = DeploymentManifestsTest.envToFlag();
    Matcher env = Pattern.compile("(ROSETTA_[A-Z_]+)=").matcher(String.join("\n", lines));
    while (env.find()) {
      assertThat(envFlags).as("Dockerfile ENV " + env.group(1)).containsKey(env.group(1));
    }
  }

  @Test
  void whatTheImageCopiesFromTheContextExistsAndIsNotIgnored() throws Exception {
    List<String> allowed = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
        .filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/$", "")).toList();
    int copies = 0;
    for (String line : instructions()) {
      if (!line.startsWith("COPY ") || line.contains("--from=")) {
        continue;
      }
      String[] parts = line.substring(5).strip().split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) { // the last part is the destination
        String source = parts[i];
        copies++;
        assertThat(ROOT.resolve(source)).as("COPY " + source).exists();
        assertThat(allowed).as(".dockerignore lets " + source + " in")
            .anyMatch(a -> source.equals(a) || source.startsWith(a + "/") || a.startsWith(source + "/"));
      }
    }
    assertThat(copies).isPositive();
  }

  @Test
  void theHealthCheckPassesAgainstARealAdminListenerAndFailsWithoutOne() throws Exception {
    String health = only(instructions(), "HEALTHCHECK");
    List<String> command = execForm(health.substring(health.indexOf("CMD ") + 4));
    Main defaults = new Main();
    new CommandLine(defaults).parseArgs("--descriptor=x.pb", "--backend=b:1");
    String defaultPort = String.valueOf(defaults.options.operations.adminPort);
    assertThat(String.join(" ", command)).contains("/127.0.0.1/" + defaultPort).contains("GET /healthz ");
    try (GatewayHarness harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAdminPort(0)))) {
      int admin = harness.gateway.adminAddress().getPort();
      assertThat(run(command, defaultPort, admin)).as("against the admin listener").isZero();
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThat(run(command, defaultPort, closed)).as("against a closed port").isNotZero();
  }

  /** Runs the health check's command with the admin port replaced; its exit code. */
  private static int run(List<String> command, String defaultPort, int port) throws Exception {
    List<String> actual = new ArrayList<>();
    for (String part : command) {
      actual.add(part.replace("/127.0.0.1/" + defaultPort, "/127.0.0.1/" + port));
    }
    Process process = new ProcessBuilder(actual).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void theDockerfilePassesTheLinter() throws Exception {
    if (!Files.isExecutable(LINTER)) {
      assumeTrue(System.getenv("ROSETTA_SKIP_DOCKERFILE_LINT") == null, "ROSETTA_SKIP_DOCKERFILE_LINT is set");
      throw new AssertionError("the Dockerfile linter is not installed: run bash .ci/install-npm-tools.sh "
          + "(needs npm), or set ROSETTA_SKIP_DOCKERFILE_LINT=1");
    }
    Process lint = new ProcessBuilder(LINTER.toString(), "lint", DOCKERFILE.toString()).redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("dockerfile-utils lint docker/Dockerfile").isEmpty();
    assertThat(lint.exitValue()).isZero();
  }
}
