package dev.rosetta.gateway.openapi;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents of other APIs generate clients that compile, with every generator the client tests
 * use: grpc-gateway's example API (built by ../shared/peer/setup.sh) and a small API whose
 * comments would end a generated comment if copied as they are ({@link DocsFixture}).
 */
class OtherApisClientIT {
  /**
   * grpc-gateway's FlowCombination declares the same POST paths twice (RpcPathSingleNestedRpc and
   * additional bindings of RpcPathNestedRpc, likewise for the streams), which the route table
   * refuses; these methods lose their rules here so the rest of the API can be described.
   */
  private static final Set<String> CONFLICTING = Set.of("RpcPathNestedRpc", "RpcPathNestedStream");

  @TempDir Path dir;

  @Test
  void grpcGatewaysExampleApiGivesClientsThatCompile() throws Exception {
    ClientTools tools = ClientTools.find();
    Path protoset = Path.of(System.getenv().getOrDefault("PEER_BUILD", "/tmp/peer-build"), "descriptors",
        "examples.protoset");
    if (!Files.isRegularFile(protoset)) {
      throw new AssertionError(protoset + " is missing: run ../shared/peer/setup.sh (it builds grpc-gateway's "
          + "example API from Debian packages; PEER_BUILD chooses where)");
    }
    Path trimmed = dir.resolve("examples.protoset");
    Files.write(trimmed, withoutRules(FileDescriptorSet.parseFrom(Files.readAllBytes(protoset))).toByteArray());
    RouteTable table = RouteTable.build(Gateway.loadRegistry(List.of(trimmed.toString())));
    compileClients(tools, table, "grpc-gateway");
  }

  @Test
  void commentsThatWouldEndAGeneratedCommentStillGiveClientsThatCompile() throws Exception {
    compileClients(ClientTools.find(), DocsFixture.table(), "docs");
  }

  private void compileClients(ClientTools tools, RouteTable table, String name) throws Exception {
    Path spec = Files.write(dir.resolve(name + ".json"),
        OpenApiDocument.of(table, OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS).json());
    OpenApiEndToEndTest.validated(Files.readString(spec));
    Path ts = Files.createDirectories(dir.resolve(name + "-typescript"));
    tools.generate(spec, "typescript-fetch", ts.resolve("client"));
    tools.compileTypeScript(ts);
    Path java = Files.createDirectories(dir.resolve(name + "-java"));
    tools.generateJava(spec, java.resolve("client"));
    tools.compileJava(Files.createDirectories(java.resolve("classes")), java.resolve("client/src/main/java"));
  }

  private static FileDescriptorSet withoutRules(FileDescriptorSet set) {
    FileDescriptorSet.Builder out = set.toBuilder();
    for (FileDescriptorProto.Builder file : out.getFileBuilderList()) {
      for (ServiceDescriptorProto.Builder service : file.getServiceBuilderList()) {
        for (MethodDescriptorProto.Builder method : service.getMethodBuilderList()) {
          if (CONFLICTING.contains(method.getName())) {
            // Read without an extension registry, the rule is an unknown field of the options.
            method.getOptionsBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet
                .newBuilder(method.getOptions().getUnknownFields()).clearField(AnnotationsProto.HTTP_FIELD_NUMBER).build());
          }
        }
      }
    }
    return out.build();
  }
}
