package dev.rosetta.gateway.backend;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gRPC method descriptors for protobuf methods, built from their full names with pass-through
 * marshallers: the gateway hands the backend wire bytes it encoded itself and takes the response
 * as wire bytes, so no generated stub (and no message class) is ever involved. Thread safe;
 * descriptors are cached per method.
 */
public final class GrpcMethods {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

  private final Map<com.google.protobuf.Descriptors.MethodDescriptor, MethodDescriptor<byte[], byte[]>> cache =
      new ConcurrentHashMap<>();

  /** The gRPC descriptor for a protobuf method, of the right streaming type. */
  public MethodDescriptor<byte[], byte[]> of(com.google.protobuf.Descriptors.MethodDescriptor method) {
    return cache.computeIfAbsent(method, GrpcMethods::create);
  }

  private static MethodDescriptor<byte[], byte[]> create(com.google.protobuf.Descriptors.MethodDescriptor method) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(typeOf(method))
        .setFullMethodName(MethodDescriptor.generateFullMethodName(
            method.getService().getFullName(), method.getName()))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  static MethodType typeOf(com.google.protobuf.Descriptors.MethodDescriptor method) {
    if (method.isClientStreaming()) {
      return method.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING;
    }
    return method.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY;
  }

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try (stream) {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
