package dev.rosetta.gateway.backend;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  /**
   * The descriptor of a method no descriptor set holds, by its full name ({@code pkg.Service/Method}),
   * called bidirectional-streaming (the wire form of every shape). Not cached: the names come from
   * clients, and a cache of them would grow without bound.
   */
  public static MethodDescriptor<byte[], byte[]> passthrough(String fullMethodName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodType.BIDI_STREAMING)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
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

  /**
   * Hands bytes to gRPC and takes them back with one copy each way. Requests: a stream that says
   * its length ({@link KnownLength}) and writes itself out ({@link Drainable}), so the framer
   * copies the array once into the outbound buffer (a plain stream of unknown length goes
   * through an 8 KiB bounce buffer and a chain of buffers). Responses: gRPC's stream knows its
   * length, so the array is allocated once at its size (readAllBytes reads 8 KiB pieces and
   * joins them: two copies and a list of arrays for a 1 MiB message).
   */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new BytesStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try (stream) {
        if (stream instanceof KnownLength) {
          // Into an array of the announced size: readNBytes(int) would read 8 KiB pieces and join
          // them, holding twice the message for a moment (32 MiB for a 16 MiB response).
          byte[] bytes = new byte[stream.available()];
          int read = stream.readNBytes(bytes, 0, bytes.length);
          if (read < bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, read);
          }
          int next = stream.read();
          if (next < 0) {
            return bytes;
          }
          // More than available() announced (gRPC's own streams never do this): keep it all.
          ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 2 + 1);
          out.write(bytes);
          out.write(next);
          stream.transferTo(out);
          return out.toByteArray();
        }
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A byte array as a stream that knows its length and drains itself in one write. */
  private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
    BytesStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
