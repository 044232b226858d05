package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures stop the process with one line naming what is wrong and a non-zero exit code. */
class MainTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryFlagAndExitsZero() {
    Run run = run("--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--descriptor", "--backend", "--port", "--bind", "--timeout", "--max-body-size",
        "--preserve-proto-field-names", "--emit-defaults", "--enums-as-ints", "--ignore-unknown-fields",
        "--ignore-unknown-query-parameters", "--forward-header", "--drop-header", "ROSETTA_BACKEND", "demo");
  }

  @Test
  void versionPrintsAndExitsZero() {
    Run run = run("--version");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("rosetta ");
  }

  @Test
  void unknownFlagIsAUsageError() {
    Run run = run("--descriptor", "x.pb", "--backend", "h:1", "--frobnicate");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--frobnicate");
  }

  @Test
  void badFlagValueIsAUsageErrorNamingTheFlag() {
    Run run = run("--descriptor", "x.pb", "--backend", "h:1", "--timeout", "soon");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout").contains("soon");
  }

  @Test
  void missingDescriptorFlagIsAUsageError() {
    Run run = run("--backend", "h:1");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--descriptor");
  }

  @Test
  void aUsageErrorOfAPlainRunListsTheSubcommandsInItsUsage() {
    // A plain run builds its command without the subcommands; its errors are reported by the whole command.
    Run run = run("--backend", "h:1");
    assertThat(run.err()).contains("Missing required option: --descriptor").contains("Commands:", "demo", "openapi");
  }

  @Test
  void aMistypedSubcommandIsAUsageErrorListingTheSubcommands() {
    Run run = run("dmeo");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'dmeo'").contains("Commands:", "demo");
  }

  @Test
  void clusteredShortOptionsAskingForHelpListTheSubcommands() {
    Run run = run("-hV");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Commands:", "routes", "lint");
  }

  @Test
  void subcommandsAreLeftOutOnlyWhenNoArgumentNamesOneOrAsksForHelp() {
    assertThat(Main.namesSubcommandOrHelp("--descriptor", "api.pb", "--backend", "h:1", "--port", "8080")).isFalse();
    assertThat(Main.namesSubcommandOrHelp("--descriptor=api.pb", "--backend", "h:1", "--version")).isFalse();
    assertThat(Main.namesSubcommandOrHelp("demo", "--port", "0")).isTrue();
    assertThat(Main.namesSubcommandOrHelp("cds-training")).isTrue();
    assertThat(Main.namesSubcommandOrHelp("--descriptor", "api.pb", "--help")).isTrue();
    assertThat(Main.namesSubcommandOrHelp("-h")).isTrue();
  }

  @Test
  void missingDescriptorFileNamesTheFile() {
    Run run = run("--descriptor", dir.resolve("absent.pb").toString(), "--backend", "127.0.0.1:1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("rosetta: descriptor set " + dir.resolve("absent.pb") + ": no such file");
  }

  @Test
  void corruptDescriptorFileNamesTheFile() throws Exception {
    Path corrupt = Files.write(dir.resolve("corrupt.pb"), "this is not protobuf".getBytes(StandardCharsets.UTF_8));
    Run run = run("--descriptor", corrupt.toString(), "--backend", "127.0.0.1:1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(corrupt.toString()).contains("not a binary FileDescriptorSet");
  }

  @Test
  void setWithoutItsImportsNamesTheMissingFile() throws Exception {
    FileDescriptorSet full = FileDescriptorSet.parseFrom(Files.readAllBytes(GatewayHarness.TEST_DESCRIPTORS));
    FileDescriptorSet partial = FileDescriptorSet.newBuilder()
        .addAllFile(full.getFileList().stream().filter(f -> !f.getName().equals("google/api/http.proto")).toList())
        .build();
    Path file = Files.write(dir.resolve("partial.pb"), partial.toByteArray());
    Run run = run("--descriptor", file.toString(), "--backend", "127.0.0.1:1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("google/api/annotations.proto imports google/api/http.proto")
        .contains("--include_imports");
  }

  @Test
  void twoRulesOnOneRouteStopStartUpWithStrictRoutesNamingBoth() throws Exception {
    Path file = Files.write(dir.resolve("conflict.pb"), conflictingSet().toByteArray());
    Run run = run("--descriptor", file.toString(), "--backend", "127.0.0.1:1", "--strict-routes");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("conflict").contains("conflict.v1.Svc.A").contains("conflict.v1.Svc.B");
  }

  @Test
  void environmentVariablesStandInForFlags() throws Exception {
    Path missing = dir.resolve("from-env.pb");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().put("ROSETTA_DESCRIPTOR", missing.toString());
    builder.environment().put("ROSETTA_BACKEND", "127.0.0.1:1");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output).contains("descriptor set " + missing + ": no such file");
  }

  /** Two methods whose rules claim POST /v1/things/{id}, under different variable names. */
  private static FileDescriptorSet conflictingSet() {
    FileDescriptorProto api = FileDescriptorProto.newBuilder()
        .setName("conflict.proto")
        .setPackage("conflict.v1")
        .setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Req")
            .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder()
                .setName("id").setNumber(1)
                .setType(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_STRING))
            .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder()
                .setName("name").setNumber(2)
                .setType(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_STRING)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Svc")
            .addMethod(method("A", "/v1/things/{id}"))
            .addMethod(method("B", "/v1/things/{name}")))
        .build();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (var file : List.of(com.google.protobuf.DescriptorProtos.getDescriptor(), com.google.api.HttpProto.getDescriptor(),
        AnnotationsProto.getDescriptor())) {
      set.addFile(file.toProto());
    }
    return set.addFile(api).build();
  }

  private static MethodDescriptorProto method(String name, String path) {
    return MethodDescriptorProto.newBuilder()
        .setName(name).setInputType(".conflict.v1.Req").setOutputType(".conflict.v1.Req")
        .setOptions(MethodOptions.newBuilder()
            .setExtension(AnnotationsProto.http, HttpRule.newBuilder().setPost(path).setBody("*").build()))
        .build();
  }
}
