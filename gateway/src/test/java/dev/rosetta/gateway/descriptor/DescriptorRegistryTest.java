package dev.rosetta.gateway.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorRegistryTest {
  private static FileDescriptorSet testSet() throws Exception {
    return FileDescriptorSet.parseFrom(Files.readAllBytes(GatewayHarness.TEST_DESCRIPTORS));
  }

  @Test
  void indexesServicesMethodsAndNestedMessages() throws Exception {
    DescriptorRegistry registry = DescriptorRegistry.build(List.of(DescriptorSetLoader.read(GatewayHarness.TEST_DESCRIPTORS)));
    assertThat(registry.services()).containsKey("rosetta.test.e2e.v1.EchoService");
    assertThat(registry.method("rosetta.test.e2e.v1.EchoService.Echo")).isNotNull();
    assertThat(registry.message("rosetta.test.e2e.v1.EchoMessage")).isNotNull();
    assertThat(registry.message("google.protobuf.Timestamp")).isNotNull();
    assertThat(registry.method("rosetta.test.e2e.v1.EchoService.Nope")).isNull();
  }

  @Test
  void errorDetailTypesAreAlwaysKnownForAny() throws Exception {
    DescriptorRegistry registry = DescriptorRegistry.build(List.of(DescriptorSetLoader.read(GatewayHarness.TEST_DESCRIPTORS)));
    assertThat(registry.typeRegistry().find("google.rpc.ErrorInfo")).isNotNull();
    assertThat(registry.typeRegistry().find("google.rpc.BadRequest")).isNotNull();
  }

  @Test
  void setsSharingFilesLinkTogether() throws Exception {
    byte[] bytes = testSet().toByteArray();
    DescriptorRegistry registry = DescriptorRegistry.build(List.of(
        DescriptorSetLoader.parse("a.pb", bytes), DescriptorSetLoader.parse("b.pb", bytes)));
    assertThat(registry.services()).containsKey("rosetta.test.e2e.v1.EchoService");
  }

  @Test
  void aFileDefinedDifferentlyByTwoSetsIsAnError() throws Exception {
    FileDescriptorSet other = FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
        .setName("rosetta/test/e2e/v1/echo.proto").setPackage("other")
        .addMessageType(DescriptorProto.newBuilder().setName("X"))).build();
    assertThatThrownBy(() -> DescriptorRegistry.build(List.of(
        DescriptorSetLoader.parse("a.pb", testSet().toByteArray()), DescriptorSetLoader.parse("b.pb", other.toByteArray()))))
        .isInstanceOf(DescriptorLoadException.class)
        .hasMessage("descriptor sets a.pb and b.pb both define rosetta/test/e2e/v1/echo.proto, differently");
  }

  @Test
  void anEmptySetIsAnError() {
    assertThatThrownBy(() -> DescriptorSetLoader.parse("empty.pb", new byte[0]))
        .hasMessage("descriptor set empty.pb: contains no files");
  }

  @Test
  void anInvalidFileIsNamed() {
    FileDescriptorSet broken = FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
        .setName("broken.proto").setPackage("b")
        .addMessageType(DescriptorProto.newBuilder().setName("M")
            .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder()
                .setName("f").setNumber(1).setTypeName(".b.Missing")))).build();
    assertThatThrownBy(() -> DescriptorRegistry.build(List.of(DescriptorSetLoader.parse("broken.pb", broken.toByteArray()))))
        .hasMessageStartingWith("descriptor set broken.pb: broken.proto is invalid");
  }
}
