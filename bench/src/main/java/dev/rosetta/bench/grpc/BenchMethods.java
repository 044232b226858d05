package dev.rosetta.bench.grpc;

import com.google.protobuf.ByteString;
import dev.rosetta.bench.grpc.v1.Payload;
import dev.rosetta.gateway.backend.GrpcMethods;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

/**
 * The methods of {@code rosetta.bench.v1.BenchService} (bench.proto) as grpc-java descriptors over
 * byte arrays, shared by {@link BenchBackend} and {@link GrpcLoad}: the backend echoes the wire
 * bytes without parsing them and the client sends bytes it built once, so neither side spends
 * anything per call on message objects. The marshaller is the gateway's own pass-through one
 * ({@link GrpcMethods}), which copies each message once.
 */
final class BenchMethods {
  static final String SERVICE = "rosetta.bench.v1.BenchService";
  static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> STREAM = method("Stream", MethodType.SERVER_STREAMING);

  private BenchMethods() {}

  /** The wire bytes of a {@code Payload} whose data is {@code size} zero bytes. */
  static byte[] payload(int size) {
    return Payload.newBuilder().setData(ByteString.copyFrom(new byte[size])).build().toByteArray();
  }

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return GrpcMethods.passthrough(MethodDescriptor.generateFullMethodName(SERVICE, name)).toBuilder()
        .setType(type)
        .build();
  }
}
