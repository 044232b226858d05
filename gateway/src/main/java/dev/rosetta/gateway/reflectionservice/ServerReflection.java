package dev.rosetta.gateway.reflectionservice;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import io.grpc.ClientCall;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * gRPC server reflection ({@code grpc.reflection.v1} and {@code v1alpha}
 * {@code ServerReflection/ServerReflectionInfo}) answered by the gateway from the descriptor sets
 * it has loaded, so that grpcurl, Postman and grpc-java's reflection clients work against the
 * gateway's port. Not to be confused with {@code dev.rosetta.gateway.reflection}, the client that
 * loads descriptors from a backend's reflection service.
 *
 * <p>{@code list_services} names the loaded services that have a method (the ones the gateway
 * serves over native gRPC) and the two reflection services; the files are the loaded files, their
 * imports, and the reflection protos. One instance per engine: a reload builds a new one from the
 * new descriptors, and a stream keeps the one it began with. Immutable and thread safe; each call
 * ({@link #newCall}) is confined to its event loop.
 */
public final class ServerReflection {
  /** {@code grpc.reflection.v1.ServerReflection/ServerReflectionInfo}. */
  public static final MethodDescriptor V1 = method(io.grpc.reflection.v1.ServerReflectionProto.getDescriptor());
  /** {@code grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo}: what many grpcurl builds call. */
  public static final MethodDescriptor V1ALPHA =
      method(io.grpc.reflection.v1alpha.ServerReflectionProto.getDescriptor());
  /** Both methods, to put on their RPC paths. */
  public static final List<MethodDescriptor> METHODS = List.of(V1, V1ALPHA);
  /**
   * The largest request a stream takes: a question is a name or two (a symbol, a file name); a
   * larger one is refused 413 like any message past a limit.
   */
  public static final int MAX_REQUEST_BYTES = 64 << 10;

  private final ReflectionIndex index;
  private final int maxResponseBytes;

  private ServerReflection(ReflectionIndex index, int maxResponseBytes) {
    this.index = index;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The reflection service over {@code registry}'s files.
   *
   * @param maxResponseBytes the largest answer a stream sends ({@code --max-message-size}, the
   *     limit the gateway puts on a backend's messages); a larger one ends the stream
   *     {@code RESOURCE_EXHAUSTED}
   */
  public static ServerReflection of(DescriptorRegistry registry, int maxResponseBytes) {
    List<FileDescriptor> files = new ArrayList<>(registry.files());
    files.add(V1.getFile());
    files.add(V1ALPHA.getFile());
    Set<String> services = ReflectionIndex.withMethods(registry.services().values());
    services.add(V1.getService().getFullName());
    services.add(V1ALPHA.getService().getFullName());
    return new ServerReflection(new ReflectionIndex(files, services), maxResponseBytes);
  }

  /** Whether {@code method} is one the gateway answers here. */
  public static boolean serves(MethodDescriptor method) {
    return method == V1 || method == V1ALPHA;
  }

  /**
   * A new stream, confined to {@code loop}, in the form of a gRPC client call of bytes: start it,
   * send it requests, read its answers, as from a backend.
   *
   * @param timeoutNanos the stream's deadline from now; 0 for none
   */
  public ClientCall<byte[], byte[]> newCall(EventExecutor loop, long timeoutNanos) {
    return new ReflectionCall(index, loop, timeoutNanos, maxResponseBytes);
  }

  private static MethodDescriptor method(FileDescriptor file) {
    return file.findServiceByName("ServerReflection").findMethodByName("ServerReflectionInfo");
  }
}
