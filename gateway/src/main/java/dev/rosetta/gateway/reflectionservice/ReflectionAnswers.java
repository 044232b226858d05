package dev.rosetta.gateway.reflectionservice;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ErrorResponse;
import io.grpc.reflection.v1.ExtensionNumberResponse;
import io.grpc.reflection.v1.ExtensionRequest;
import io.grpc.reflection.v1.FileDescriptorResponse;
import io.grpc.reflection.v1.ListServiceResponse;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;

/**
 * The answer to one {@code ServerReflectionRequest} (grpc/reflection/v1/reflection.proto), from an
 * index. {@code grpc.reflection.v1alpha} has the same messages field for field under another
 * package, so these classes read and write both on the wire.
 *
 * <p>A file answer carries the file and the files it imports, transitively, as the protocol asks;
 * an import already sent on the same stream is left out (the protocol allows it, grpc-go does it,
 * and a client such as grpcurl keeps what it was sent), while the file asked for is always sent.
 * A name the index does not hold gets an {@code error_response} with {@code NOT_FOUND} (5) and the
 * stream goes on. Stateless; the caller holds the stream's set of files sent.
 */
final class ReflectionAnswers {
  private ReflectionAnswers() {}

  /** The answer to {@code request}; {@code sent} holds the names of the files this stream has sent, and grows. */
  static ServerReflectionResponse answer(ReflectionIndex index, ServerReflectionRequest request, Set<String> sent) {
    ServerReflectionResponse.Builder response = ServerReflectionResponse.newBuilder()
        .setValidHost(request.getHost())
        .setOriginalRequest(request);
    switch (request.getMessageRequestCase()) {
      case FILE_BY_FILENAME -> {
        FileDescriptor file = index.file(request.getFileByFilename());
        return file == null ? notFound(response, "no file " + request.getFileByFilename())
            : response.setFileDescriptorResponse(files(file, sent)).build();
      }
      case FILE_CONTAINING_SYMBOL -> {
        FileDescriptor file = index.fileDeclaring(request.getFileContainingSymbol());
        return file == null ? notFound(response, "no symbol " + request.getFileContainingSymbol())
            : response.setFileDescriptorResponse(files(file, sent)).build();
      }
      case FILE_CONTAINING_EXTENSION -> {
        ExtensionRequest extension = request.getFileContainingExtension();
        FileDescriptor file = index.fileExtending(extension.getContainingType(), extension.getExtensionNumber());
        return file == null ? notFound(response, "no extension " + extension.getExtensionNumber() + " of "
                + extension.getContainingType())
            : response.setFileDescriptorResponse(files(file, sent)).build();
      }
      case ALL_EXTENSION_NUMBERS_OF_TYPE -> {
        String type = request.getAllExtensionNumbersOfType();
        var numbers = index.extensionNumbers(type);
        return numbers == null ? notFound(response, "no message type " + type)
            : response.setAllExtensionNumbersResponse(ExtensionNumberResponse.newBuilder()
                .setBaseTypeName(type).addAllExtensionNumber(numbers)).build();
      }
      case LIST_SERVICES -> {
        ListServiceResponse.Builder list = ListServiceResponse.newBuilder();
        index.services().forEach(name -> list.addService(ServiceResponse.newBuilder().setName(name)));
        return response.setListServicesResponse(list).build();
      }
      default -> {
        // No question set, or one from a later protocol version (an unknown field): as grpc-java answers.
        return response.setErrorResponse(ErrorResponse.newBuilder()
            .setErrorCode(Status.Code.UNIMPLEMENTED.value())
            .setErrorMessage("the gateway answers file_by_filename, file_containing_symbol, "
                + "file_containing_extension, all_extension_numbers_of_type and list_services")).build();
      }
    }
  }

  private static ServerReflectionResponse notFound(ServerReflectionResponse.Builder response, String message) {
    return response.setErrorResponse(ErrorResponse.newBuilder()
        .setErrorCode(Status.Code.NOT_FOUND.value()).setErrorMessage(message)).build();
  }

  /** {@code file}, then its imports breadth first, each once, leaving out imports {@code sent} already holds. */
  private static FileDescriptorResponse files(FileDescriptor file, Set<String> sent) {
    FileDescriptorResponse.Builder out = FileDescriptorResponse.newBuilder();
    Set<String> queued = new HashSet<>();
    Queue<FileDescriptor> next = new ArrayDeque<>();
    next.add(file);
    queued.add(file.getName());
    boolean first = true;
    while (!next.isEmpty()) {
      FileDescriptor current = next.poll();
      if (sent.add(current.getName()) || first) {
        out.addFileDescriptorProto(current.toProto().toByteString());
      }
      first = false;
      for (FileDescriptor dependency : current.getDependencies()) {
        if (queued.add(dependency.getName())) {
          next.add(dependency);
        }
      }
    }
    return out.build();
  }
}
