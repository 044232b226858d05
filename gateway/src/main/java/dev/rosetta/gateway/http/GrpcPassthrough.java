package dev.rosetta.gateway.http;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import dev.rosetta.gateway.route.PathTemplate;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import java.util.List;

/**
 * The route every native gRPC call of a method the descriptor sets do not hold takes under
 * {@code --grpc-passthrough-unknown}: a bidirectional-streaming method (gRPC's wire form is the
 * same for every shape, so a bidirectional call carries any of them byte for byte) of a
 * placeholder service, with the template {@code /{method=**}} as its label in metrics and the
 * access log. The call itself goes by the request's own method name ({@link GrpcFraming#unknownMethod})
 * to the default backend ({@link CallStart}). Immutable constants, built once.
 */
final class GrpcPassthrough {
  private static final String PACKAGE = "rosetta.gateway.passthrough";

  /** The route match of every passed-through call. */
  static final RouteMatch MATCH = new RouteMatch(route(), List.of());

  private GrpcPassthrough() {}

  /**
   * The gRPC full method name ({@code pkg.Service/Method}) of an RPC path
   * ({@code /pkg.Service/Method}); null for a path of another shape.
   */
  static String methodName(String path) {
    int slash = path.indexOf('/', 1);
    if (!path.startsWith("/") || slash < 2 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    return path.substring(1);
  }

  private static Route route() {
    String bytes = "." + PACKAGE + ".Bytes";
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("rosetta/gateway/passthrough.proto")
        .setPackage(PACKAGE)
        .setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Bytes"))
        .addService(ServiceDescriptorProto.newBuilder().setName("Unknown")
            .addMethod(MethodDescriptorProto.newBuilder().setName("Call").setInputType(bytes).setOutputType(bytes)
                .setClientStreaming(true).setServerStreaming(true)))
        .build();
    Descriptors.MethodDescriptor method;
    try {
      method = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
          .findServiceByName("Unknown").findMethodByName("Call");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e); // a constant: cannot happen
    }
    return new Route("POST", PathTemplate.parse("/{method=**}"), method, "*", List.of(), List.of(), List.of(),
        "a method passed through to the default backend (--grpc-passthrough-unknown)");
  }
}
