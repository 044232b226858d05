package dev.rosetta.gateway.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code grpc.reflection.v1} stream opened with grpc-java's generated stub, asked one question
 * at a time, as grpcurl does: {@link #ask} sends a request and waits for its answer.
 */
final class Reflector implements AutoCloseable {
  private final LinkedBlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final StreamObserver<ServerReflectionRequest> requests;

  Reflector(Channel channel) {
    requests = ServerReflectionGrpc.newStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
  }

  ServerReflectionResponse ask(ServerReflectionRequest request) throws Exception {
    requests.onNext(request);
    ServerReflectionResponse answer = answers.poll(10, TimeUnit.SECONDS);
    if (answer == null) {
      done.getNow(null); // throws the stream's failure, if any
      throw new AssertionError("no answer to " + request);
    }
    return answer;
  }

  List<String> services() throws Exception {
    return ask(ServerReflectionRequest.newBuilder().setListServices("*").build())
        .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
  }

  ServerReflectionResponse symbol(String name) throws Exception {
    return ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(name).build());
  }

  /** The files of a file answer, by name. */
  static Map<String, FileDescriptorProto> files(ServerReflectionResponse answer) throws Exception {
    Map<String, FileDescriptorProto> files = new HashMap<>();
    for (ByteString bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
      files.put(file.getName(), file);
    }
    return files;
  }

  /** Links {@code name} from {@code files} (it and its imports), as a reflection client does. */
  static FileDescriptor build(String name, Map<String, FileDescriptorProto> files) throws Exception {
    FileDescriptorProto proto = files.get(name);
    if (proto == null) {
      throw new AssertionError("reflection did not send " + name + ": " + files.keySet());
    }
    List<FileDescriptor> dependencies = new ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      dependencies.add(build(dependency, files));
    }
    return FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
  }

  /** Half-closes and waits for the stream's end (its failure thrown). */
  void finish() throws Exception {
    requests.onCompleted();
    done.get(10, TimeUnit.SECONDS);
  }

  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    if (!done.isDone()) {
      requests.onError(new RuntimeException("test over"));
    }
  }
}
