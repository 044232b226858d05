package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator subcommands: routes and lint. */
class SubcommandsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"routes", "lint", "openapi"})
  void everySubcommandExplainsItselfWithHelp(String name) {
    Run run = run(name, "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Usage: rosetta " + name).contains("--descriptor");
  }

  @Test
  void routesPrintsEachRouteWithTheMethodBehindIt() {
    Run run = run("routes", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines()).anySatisfy(line -> assertThat(line)
        .matches("PUT +/e2e/echo/\\{nested\\.name=things/\\*} +rosetta\\.test\\.e2e\\.v1\\.EchoService/Echo +body=nested"));
    assertThat(run.out().lines()).anySatisfy(line -> assertThat(line)
        .matches("GET +/e2e/names +rosetta\\.test\\.e2e\\.v1\\.EchoService/EchoNames +response_body=names"));
  }

  @Test
  void routesFailsWithTheReasonOnAnInvalidSet() throws Exception {
    Run run = run("routes", "--descriptor", write(problemSet()).toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("lint.v1.Svc");
  }

  @Test
  void openapiPrintsTheDocumentAsJsonOrYaml() {
    Run json = run("openapi", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.out()).startsWith("{\"openapi\":\"3.1.0\"").contains("\"/e2e/echo/{id}\"");
    Run yaml = run("openapi", "--format", "yaml", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());
    assertThat(yaml.out()).startsWith("\"openapi\": \"3.1.0\"\n");
    assertThat(run("openapi", "--format", "xml", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString()).code())
        .isEqualTo(2);
  }

  @Test
  void lintIsCleanOnAGoodSet() {
    Run run = run("lint", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());
    assertThat(run.out()).contains("0 error(s)");
  }

  @Test
  void lintReportsEveryProblemAndExitsNonZero() throws Exception {
    Run run = run("lint", "--descriptor", write(problemSet()).toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("error: lint.v1.Svc.NoSuchField: GET /v1/tags/{tag}: variable {tag}: lint.v1.Req has no field 'tag'")
        .contains("error: lint.v1.Svc.GetWithBody: GET /v1/body/{id}: GET has body '*'")
        .contains("error: lint.v1.Svc.DeleteWithBody: DELETE /v1/body/{id}: DELETE has body 'name'")
        .containsPattern("error: .*conflict.*lint\\.v1\\.Svc\\.Twin")
        .contains("warning: lint.v1.Svc.Unbound: no google.api.http rule")
        .contains("4 error(s), 1 warning(s)");
  }

  @Test
  void lintFailsOnWarningsOnlyWhenStrict() throws Exception {
    Path file = write(set(List.of(method("Ok", HttpRule.newBuilder().setGet("/v1/ok/{id}"))), List.of("Unbound")));
    assertThat(run("lint", "--descriptor", file.toString()).code()).isZero();
    assertThat(run("lint", "--strict", "--descriptor", file.toString()).code()).isEqualTo(1);
  }

  private Path write(FileDescriptorSet set) throws Exception {
    return Files.write(dir.resolve("lint.pb"), set.toByteArray());
  }

  private static FileDescriptorSet problemSet() {
    return set(List.of(
        method("NoSuchField", HttpRule.newBuilder().setGet("/v1/tags/{tag}")),
        method("GetWithBody", HttpRule.newBuilder().setGet("/v1/body/{id}").setBody("*")),
        method("DeleteWithBody", HttpRule.newBuilder().setDelete("/v1/body/{id}").setBody("name")),
        method("First", HttpRule.newBuilder().setPost("/v1/things/{id}").setBody("*")),
        method("Twin", HttpRule.newBuilder().setPost("/v1/things/{name}").setBody("*"))), List.of("Unbound"));
  }

  private static FileDescriptorSet set(List<MethodDescriptorProto> methods, List<String> unbound) {
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName("Svc").addAllMethod(methods);
    for (String name : unbound) {
      service.addMethod(MethodDescriptorProto.newBuilder().setName(name)
          .setInputType(".lint.v1.Req").setOutputType(".lint.v1.Req"));
    }
    FileDescriptorProto api = FileDescriptorProto.newBuilder()
        .setName("lint.proto").setPackage("lint.v1").setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Req")
            .addField(field("id", 1, FieldDescriptorProto.Label.LABEL_OPTIONAL))
            .addField(field("name", 2, FieldDescriptorProto.Label.LABEL_OPTIONAL))
            .addField(field("tags", 3, FieldDescriptorProto.Label.LABEL_REPEATED)))
        .addService(service)
        .build();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (var file : List.of(com.google.protobuf.DescriptorProtos.getDescriptor(), com.google.api.HttpProto.getDescriptor(),
        AnnotationsProto.getDescriptor())) {
      set.addFile(file.toProto());
    }
    return set.addFile(api).build();
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Label label) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setLabel(label)
        .setType(FieldDescriptorProto.Type.TYPE_STRING).build();
  }

  private static MethodDescriptorProto method(String name, HttpRule.Builder rule) {
    return MethodDescriptorProto.newBuilder()
        .setName(name).setInputType(".lint.v1.Req").setOutputType(".lint.v1.Req")
        .setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http, rule.build()))
        .build();
  }
}
