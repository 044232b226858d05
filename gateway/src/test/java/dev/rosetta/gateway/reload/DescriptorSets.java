package dev.rosetta.gateway.reload;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The test descriptor set, and a second version of it with one more route, built in code. */
final class DescriptorSets {
  /** The route only the second version has; it calls EchoService.Echo. */
  static final String NEW_ROUTE = "/e2e/v2/echo/{id}";

  private DescriptorSets() {}

  static byte[] original() throws IOException {
    return Files.readAllBytes(GatewayHarness.TEST_DESCRIPTORS);
  }

  /** The test set with {@code GET /e2e/v2/echo/{id}} added to EchoService.Echo's bindings. */
  static byte[] withNewRoute() throws IOException {
    ExtensionRegistry extensions = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(extensions);
    FileDescriptorSet.Builder set = FileDescriptorSet.parseFrom(original(), extensions).toBuilder();
    for (FileDescriptorProto.Builder file : set.getFileBuilderList()) {
      for (ServiceDescriptorProto.Builder service : file.getServiceBuilderList()) {
        if (!service.getName().equals("EchoService")) {
          continue;
        }
        for (MethodDescriptorProto.Builder method : service.getMethodBuilderList()) {
          if (method.getName().equals("Echo")) {
            HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http).toBuilder()
                .addAdditionalBindings(HttpRule.newBuilder().setGet(NEW_ROUTE)).build();
            method.getOptionsBuilder().setExtension(AnnotationsProto.http, rule);
          }
        }
      }
    }
    return set.build().toByteArray();
  }

  /** Replaces {@code target} whole, as a deployment would (write aside, then rename). */
  static void replace(Path target, byte[] content) throws IOException {
    Path aside = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(aside, content);
    Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
