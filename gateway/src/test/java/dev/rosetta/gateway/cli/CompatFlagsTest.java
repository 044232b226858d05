package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.CompatOptions;
import com.google.api.AnnotationsProto;
import com.google.api.HttpProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The compatibility switches: off by default, set by flag or by the configuration file's compatibility section. */
class CompatFlagsTest {
  @TempDir Path dir;

  private static CompatOptions compat(String... args) {
    GatewayOptions options = new GatewayOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig(List.of("api.pb"), "localhost:9090").compat();
  }

  @Test
  void withoutFlagsTheGatewayIsLenientWhereGrpcGatewayAndEnvoyAreAndAddsNothing() {
    assertThat(compat()).isEqualTo(CompatOptions.DEFAULTS);
    assertThat(CompatOptions.DEFAULTS).isEqualTo(new CompatOptions(false, false, false, false, false));
  }

  @Test
  void everySwitchHasItsFlag() {
    assertThat(compat("--strict-routes", "--strict-body", "--case-insensitive-enums", "--auto-routes",
        "--strict-content-type")).isEqualTo(new CompatOptions(true, true, true, true, true));
    assertThat(compat("--auto-routes").routes().autoRoutes()).isTrue();
  }

  @Test
  void theConfigurationFileSectionSetsTheSameSwitches() throws Exception {
    Path file = Files.writeString(dir.resolve("rosetta.yaml"),
        "compatibility:\n  strict-body: true\n  case-insensitive-enums: true\n  strict-content-type: true\n");
    ConfigMerge.Merged merged = ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of());
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    CompatOptions compat = main.options.toConfig(List.of("api.pb"), "localhost:9090").compat();
    assertThat(compat).isEqualTo(new CompatOptions(false, true, true, false, true));
  }

  @Test
  void routesListsTheAutoRoutesOnlyWhenAsked() throws Exception {
    Path set = dir.resolve("auto.pb");
    Files.write(set, autoSet().toByteArray());
    StringWriter auto = new StringWriter();
    assertThat(Main.run(new PrintWriter(auto, true), new PrintWriter(new StringWriter(), true),
        "routes", "--auto-routes", "--descriptor", set.toString())).isZero();
    assertThat(auto.toString()).containsPattern("GET +/v1/a +auto.v1.Svc/A\\n")
        .containsPattern("POST +/auto.v1.Svc/B +auto.v1.Svc/B +body=\\*\\n");
    StringWriter plain = new StringWriter();
    assertThat(Main.run(new PrintWriter(plain, true), new PrintWriter(new StringWriter(), true),
        "routes", "--descriptor", set.toString())).isZero();
    assertThat(plain.toString()).contains("/v1/a").doesNotContain("auto.v1.Svc/B");
  }

  /** Service auto.v1.Svc: A has a rule, B has none. */
  private static FileDescriptorSet autoSet() {
    DescriptorProto req = DescriptorProto.newBuilder().setName("Req").build();
    FileDescriptorProto api = FileDescriptorProto.newBuilder().setName("auto.proto").setPackage("auto.v1")
        .setSyntax("proto3").addDependency("google/api/annotations.proto").addMessageType(req)
        .addService(ServiceDescriptorProto.newBuilder().setName("Svc")
            .addMethod(MethodDescriptorProto.newBuilder().setName("A").setInputType(".auto.v1.Req")
                .setOutputType(".auto.v1.Req").setOptions(MethodOptions.newBuilder()
                    .setExtension(AnnotationsProto.http, HttpRule.newBuilder().setGet("/v1/a").build())))
            .addMethod(MethodDescriptorProto.newBuilder().setName("B").setInputType(".auto.v1.Req")
                .setOutputType(".auto.v1.Req")))
        .build();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (var file : List.of(com.google.protobuf.DescriptorProtos.getDescriptor(), HttpProto.getDescriptor(),
        AnnotationsProto.getDescriptor())) {
      set.addFile(file.toProto());
    }
    return set.addFile(api).build();
  }
}
