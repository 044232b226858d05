package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The tools of the generated-client tests, found where the {@code clients} Maven profile and
 * {@code .ci/install-npm-tools.sh} put them: openapi-generator-cli and the java client's
 * libraries in {@code target/client-tools}, TypeScript and Redocly CLI in {@code
 * src/test/clients/node_modules}. A missing tool fails the test with what to run; nothing is
 * skipped. Every command runs with a time limit and must exit 0; its output is in the failure.
 */
final class ClientTools {
  /** Where the clients' packages go, for the java generator and the programs that import them. */
  static final String JAVA_PACKAGE = "dev.example.client";

  private static final String RUN_PROFILE = "run the client tests with the Maven profile: mvn -B verify -Pclients "
      + "(what .ci/run does)";
  private static final String RUN_NPM = "run bash .ci/install-npm-tools.sh (npm ci in gateway/src/test/clients)";

  private final Path tools;
  private final Path sources;

  private ClientTools(Path tools, Path sources) {
    this.tools = tools;
    this.sources = sources;
  }

  static ClientTools find() {
    String tools = System.getProperty("rosetta.clientTools");
    String sources = System.getProperty("rosetta.clientSources");
    if (tools == null || sources == null) {
      throw new AssertionError("the client tools are not set up: " + RUN_PROFILE);
    }
    ClientTools found = new ClientTools(Path.of(tools), Path.of(sources));
    found.require(found.generatorJar(), RUN_PROFILE);
    found.require(found.nodeBin("tsc"), RUN_NPM);
    found.require(found.nodeBin("redocly"), RUN_NPM);
    try {
      found.run(Path.of("."), 30, "node", "--version");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("node is not installed: " + RUN_NPM + " (it installs Debian's nodejs when missing)", e);
    }
    return found;
  }

  /** A committed file of {@code src/test/clients} (a client program, the tsconfig). */
  Path source(String name) {
    return sources.resolve(name);
  }

  /** Lints {@code spec} with Redocly CLI's recommended ruleset; returns its report (it must find no error). */
  String redoclyLint(Path spec) {
    return run(spec.getParent(), 120, nodeBin("redocly").toString(), "lint", "--format=summary", spec.toString());
  }

  /** Generates a client with openapi-generator into {@code out}. */
  void generate(Path spec, String generator, Path out, String... extra) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", generatorJar().toString(), "generate",
        "-i", spec.toString(), "-g", generator, "-o", out.toString()));
    command.addAll(List.of(extra));
    run(out.getParent(), 300, command.toArray(String[]::new));
  }

  /** Generates a java client ({@code --library native}) into {@code out}, in {@link #JAVA_PACKAGE}. */
  void generateJava(Path spec, Path out) {
    generate(spec, "java", out, "--library", "native", "--additional-properties=invokerPackage=" + JAVA_PACKAGE
        + ",apiPackage=" + JAVA_PACKAGE + ".api,modelPackage=" + JAVA_PACKAGE + ".model,hideGenerationTimestamp=true");
  }

  /** Compiles the TypeScript project in {@code dir} ({@code tsconfig.json}, {@code *.ts}, {@code client/}). */
  void compileTypeScript(Path dir) throws IOException {
    Files.copy(source("tsconfig.json"), dir.resolve("tsconfig.json"));
    run(dir, 300, nodeBin("tsc").toString(), "-p", dir.toString());
  }

  /** Compiles every java file under {@code roots} into {@code classes} against the client libraries. */
  void compileJava(Path classes, Path... roots) throws IOException {
    List<String> args = new ArrayList<>(List.of("-nowarn", "-encoding", "UTF-8", "-proc:none",
        "-d", classes.toString(), "-cp", javaClientClasspath()));
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int code = javac.run(null, null, errors, args.toArray(String[]::new));
    assertThat(code).as("javac on the generated java client:\n%s", errors.toString(StandardCharsets.UTF_8)).isZero();
  }

  String javaClientClasspath() throws IOException {
    Path libs = tools.resolve("java-client-libs");
    require(libs, RUN_PROFILE);
    try (Stream<Path> jars = Files.list(libs)) {
      return String.join(java.io.File.pathSeparator, jars.map(Path::toString).sorted().toList());
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Runs {@code command} in {@code dir} for at most {@code seconds}; returns its output (stdout
   * and stderr together) and fails, showing it, unless it exits 0.
   */
  String run(Path dir, long seconds, String... command) {
    try {
      Path log = Files.createTempFile("client-tool", ".log");
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      assertThat(done).as("%s finished within %d s; output:\n%s", String.join(" ", command), seconds, output).isTrue();
      assertThat(process.exitValue()).as("exit code of %s; output:\n%s", String.join(" ", command), output).isZero();
      return output;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command[0], e);
    }
  }

  private Path generatorJar() {
    return tools.resolve("openapi-generator-cli.jar");
  }

  private Path nodeBin(String tool) {
    return sources.resolve("node_modules").resolve(".bin").resolve(tool);
  }

  private void require(Path path, String advice) {
    if (!Files.exists(path)) {
      throw new AssertionError(path + " is missing: " + advice);
    }
  }
}
