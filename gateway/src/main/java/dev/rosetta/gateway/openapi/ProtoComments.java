package dev.rosetta.gateway.openapi;

import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leading comments of proto elements, from the {@code source_code_info} that protoc writes
 * with {@code --include_source_info}; empty strings when a set was built without it. A location
 * path names an element by field numbers of descriptor.proto: message_type = 4, nested_type = 3,
 * field = 2, enum_type = 5 (nested: 4), service = 6, method = 2.
 */
final class ProtoComments {
  private final Map<FileDescriptor, Map<List<Integer>, String>> byFile = new HashMap<>();

  String of(Descriptor message) {
    return lookup(message.getFile(), messagePath(message));
  }

  String of(FieldDescriptor field) {
    List<Integer> path = messagePath(field.getContainingType());
    path.add(2);
    path.add(field.getIndex());
    return lookup(field.getFile(), path);
  }

  String of(EnumDescriptor enumType) {
    List<Integer> path;
    if (enumType.getContainingType() == null) {
      path = new ArrayList<>(List.of(5, enumType.getIndex()));
    } else {
      path = messagePath(enumType.getContainingType());
      path.add(4);
      path.add(enumType.getIndex());
    }
    return lookup(enumType.getFile(), path);
  }

  String of(ServiceDescriptor service) {
    return lookup(service.getFile(), List.of(6, service.getIndex()));
  }

  String of(MethodDescriptor method) {
    return lookup(method.getFile(), List.of(6, method.getService().getIndex(), 2, method.getIndex()));
  }

  private static List<Integer> messagePath(Descriptor message) {
    if (message.getContainingType() == null) {
      return new ArrayList<>(List.of(4, message.getIndex()));
    }
    List<Integer> path = messagePath(message.getContainingType());
    path.add(3);
    path.add(message.getIndex());
    return path;
  }

  private String lookup(FileDescriptor file, List<Integer> path) {
    return byFile.computeIfAbsent(file, ProtoComments::index).getOrDefault(path, "");
  }

  private static Map<List<Integer>, String> index(FileDescriptor file) {
    Map<List<Integer>, String> comments = new HashMap<>();
    for (SourceCodeInfo.Location location : file.toProto().getSourceCodeInfo().getLocationList()) {
      String text = location.getLeadingComments().strip();
      if (!text.isEmpty()) {
        comments.putIfAbsent(List.copyOf(location.getPathList()), clean(text));
      }
    }
    return comments;
  }

  /** Drops the one space protoc keeps after {@code //} on each line. */
  private static String clean(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(out.length() == 0 ? "" : "\n").append(line.startsWith(" ") ? line.substring(1) : line);
    }
    return out.toString().strip();
  }
}
