package dev.rosetta.gateway.reflection;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.descriptor.DescriptorLoadException;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.descriptor.DescriptorSource;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Descriptors from a running server's reflection service ({@code --descriptor
 * reflection://HOST:PORT}): lists its services, then fetches the files that define them and every
 * file those import, and hands them to the usual loader as one descriptor set. Speaks {@code
 * grpc.reflection.v1} and falls back to {@code v1alpha} when the server has only that (the two
 * are the same messages under another service name, so one codec serves both). Blocking, with a
 * deadline: called at start-up and at reload, never on an event loop. (The other direction, the
 * reflection service the gateway answers its own clients, is {@code reflectionservice.ServerReflection}.)
 */
public final class ReflectionLoader {
  public static final String SCHEME = "reflection://";
  private static final String V1 = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
  private static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

  private ReflectionLoader() {}

  /** Loads the descriptors of every service {@code location} ({@code reflection://host:port}) serves. */
  public static DescriptorSource load(String location, Duration timeout) throws DescriptorLoadException {
    String target = location.substring(SCHEME.length());
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      FileDescriptorSet set;
      try {
        set = fetch(channel, V1, timeout);
      } catch (StatusFailure e) {
        if (e.status.getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        set = fetch(channel, V1ALPHA, timeout);
      }
      return DescriptorSetLoader.parse(location, set.toByteArray());
    } catch (StatusFailure e) {
      throw new DescriptorLoadException("descriptor source " + location + ": server reflection failed: "
          + e.status.getCode() + (e.status.getDescription() == null ? "" : " " + e.status.getDescription()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DescriptorLoadException("descriptor source " + location + ": interrupted", e);
    } finally {
      channel.shutdownNow();
    }
  }

  private static FileDescriptorSet fetch(ManagedChannel channel, String method, Duration timeout)
      throws StatusFailure, InterruptedException, DescriptorLoadException {
    Exchange exchange = new Exchange(channel, method, timeout);
    try {
      ServerReflectionResponse listed = exchange.ask(ServerReflectionRequest.newBuilder().setListServices("").build());
      Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
      Deque<ServerReflectionRequest> pending = new ArrayDeque<>();
      for (ServiceResponse service : listed.getListServicesResponse().getServiceList()) {
        if (!service.getName().startsWith("grpc.reflection.")) {
          pending.add(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service.getName()).build());
        }
      }
      while (!pending.isEmpty()) {
        ServerReflectionResponse answer = exchange.ask(pending.poll());
        if (answer.hasErrorResponse()) {
          throw new DescriptorLoadException("server reflection: " + answer.getErrorResponse().getErrorMessage(), null);
        }
        for (ByteString bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
          FileDescriptorProto file = parse(bytes);
          if (files.putIfAbsent(file.getName(), file) == null) {
            for (String dependency : file.getDependencyList()) {
              if (!files.containsKey(dependency)) {
                pending.add(ServerReflectionRequest.newBuilder().setFileByFilename(dependency).build());
              }
            }
          }
        }
      }
      // Dependencies first: the order protoc writes and the loader is happiest with.
      List<FileDescriptorProto> ordered = new ArrayList<>(files.values());
      java.util.Collections.reverse(ordered);
      return FileDescriptorSet.newBuilder().addAllFile(ordered).build();
    } finally {
      exchange.close();
    }
  }

  private static FileDescriptorProto parse(ByteString bytes) throws DescriptorLoadException {
    try {
      return FileDescriptorProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DescriptorLoadException("server reflection sent a malformed file descriptor: " + e.getMessage(), e);
    }
  }

  /** A failed reflection call. */
  private static final class StatusFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Status status;

    StatusFailure(Status status) {
      super(status.toString(), null, false, false);
      this.status = status;
    }
  }

  /** One reflection stream, used as request, answer, request, answer. */
  private static final class Exchange {
    private final ClientCall<ServerReflectionRequest, ServerReflectionResponse> call;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final long deadlineNanos;

    Exchange(ManagedChannel channel, String method, Duration timeout) {
      MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> descriptor =
          MethodDescriptor.<ServerReflectionRequest, ServerReflectionResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(method)
              .setRequestMarshaller(ProtoUtils.marshaller(ServerReflectionRequest.getDefaultInstance()))
              .setResponseMarshaller(ProtoUtils.marshaller(ServerReflectionResponse.getDefaultInstance()))
              .build();
      deadlineNanos = System.nanoTime() + timeout.toNanos();
      call = channel.newCall(descriptor, CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(ServerReflectionResponse message) {
          answers.add(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          answers.add(status.isOk() ? Status.UNAVAILABLE.withDescription("reflection stream ended early") : status);
        }
      }, new Metadata());
    }

    ServerReflectionResponse ask(ServerReflectionRequest request) throws StatusFailure, InterruptedException {
      call.sendMessage(request);
      call.request(1);
      Object answer = answers.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (answer == null) {
        throw new StatusFailure(Status.DEADLINE_EXCEEDED.withDescription("no answer in time"));
      }
      if (answer instanceof Status status) {
        throw new StatusFailure(status);
      }
      return (ServerReflectionResponse) answer;
    }

    void close() {
      call.halfClose();
      call.cancel("done", null);
    }
  }
}
