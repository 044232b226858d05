package dev.rosetta.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm project of real Connect clients in {@code gateway/src/test/node}: its packages
 * (installed by {@code npm ci}, which {@code .ci/install-npm-tools.sh} runs) and the code
 * {@code protoc-gen-es} generates for the example API into its {@code gen/} folder, with the
 * {@code protoc} the Maven build fetched from Maven Central. Without the packages the tests fail
 * with that advice, unless {@code ROSETTA_SKIP_NODE_TESTS=1} says to skip them.
 */
public final class NodeClients {
  public static final Path DIR = Path.of("src/test/node").toAbsolutePath();
  /** The compiled example API, checked in (and checked against the build by DescriptorsUpToDateTest). */
  private static final Path DESCRIPTORS = Path.of("../descriptors/library.pb").toAbsolutePath().normalize();
  private static final List<String> FILES = List.of("rosetta/examples/library/v1/library.proto",
      "google/api/annotations.proto", "google/api/http.proto", "google/api/httpbody.proto");

  private NodeClients() {}

  /** Checks the packages are installed and generates the example API's code; returns the project folder. */
  public static Path prepare() throws Exception {
    Assumptions.assumeFalse("1".equals(System.getenv("ROSETTA_SKIP_NODE_TESTS")),
        "ROSETTA_SKIP_NODE_TESTS=1: tests with node clients skipped on request");
    Path plugin = DIR.resolve("node_modules/.bin/protoc-gen-es");
    if (!Files.isExecutable(plugin)) {
      throw new AssertionError("the node clients are not installed: run .ci/install-npm-tools.sh (npm ci in "
          + DIR + "), or set ROSETTA_SKIP_NODE_TESTS=1 to skip this test");
    }
    Path gen = DIR.resolve("gen");
    deleteTree(gen);
    Files.createDirectories(gen);
    List<String> command = new ArrayList<>(List.of(protoc().toString(), "--plugin=protoc-gen-es=" + plugin,
        "--es_out=" + gen, "--es_opt=target=js,import_extension=js", "--descriptor_set_in=" + DESCRIPTORS));
    command.addAll(FILES);
    Result result = run(command, Map.of(), 60);
    if (result.exit() != 0) {
      throw new AssertionError("protoc-gen-es failed (" + result.exit() + "): " + result.output());
    }
    return DIR;
  }

  /** What a process printed (stdout and stderr) and its exit code. */
  public record Result(int exit, String output) {}

  /** Runs {@code command} in the project folder with {@code env} added, for at most {@code seconds}. */
  public static Result run(List<String> command, Map<String, String> env, long seconds) throws Exception {
    Path log = Files.createTempFile("node-clients", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "timed out after " + seconds + " s:\n" + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The protoc the build used: the examples module's copy, else the one in the local Maven repository. */
  static Path protoc() throws IOException {
    List<Path> places = List.of(Path.of("../examples/target/protoc-plugins").toAbsolutePath().normalize(),
        Path.of(System.getProperty("user.home"), ".m2/repository/com/google/protobuf/protoc"));
    for (Path place : places) {
      if (!Files.isDirectory(place)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(place, 2)) {
        var found = files.filter(p -> p.getFileName().toString().matches("protoc-[0-9.]+-.*\\.exe"))
            .filter(p -> p.getFileName().toString().contains(os())).max(Comparator.naturalOrder());
        if (found.isPresent()) {
          found.get().toFile().setExecutable(true);
          return found.get();
        }
      }
    }
    throw new AssertionError("no protoc from Maven Central in " + places + ": build the examples module first");
  }

  private static String os() {
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    return (System.getProperty("os.name").toLowerCase().contains("mac") ? "osx" : "linux") + "-" + arch;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
