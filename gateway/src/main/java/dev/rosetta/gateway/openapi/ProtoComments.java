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
import java.util.regex.Pattern;

/**
 * The comments of proto elements as descriptions, from the {@code source_code_info} that protoc
 * writes with {@code --include_source_info}; empty strings when a set was built without it.
 *
 * <p>A description is the leading comment, then the trailing one as a paragraph of its own
 * (detached comments are not about the element). As grpc-gateway does, {@code (-- ... --)}
 * blocks, the AIP convention for notes to API reviewers and linters ({@code (-- api-linter:
 * core::0131=disabled --)}), are dropped; so are the extra slashes of {@code ///} comments and the
 * indentation every line shares, so Markdown indentation inside survives. The text is then made
 * safe for the comments code generators write ({@link Descriptions#safe}).
 *
 * <p>A location path names an element by field numbers of descriptor.proto: message_type = 4,
 * nested_type = 3, field = 2, enum_type = 5 (nested: 4), service = 6, method = 2.
 */
final class ProtoComments {
  /** An AIP-style internal note; non-greedy, across lines. */
  private static final Pattern INTERNAL = Pattern.compile("\\(--.*?--\\)", Pattern.DOTALL);

  private final Map<FileDescriptor, Map<List<Integer>, String>> byFile = new HashMap<>();

  String of(Descriptor message) {
    return lookup(message.getFile(), messagePath(message));
  }

  String of(FieldDescriptor field) {
    if (field.isExtension()) {
      return "";
    }
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
      String leading = clean(location.getLeadingComments());
      String trailing = clean(location.getTrailingComments());
      String text = leading.isEmpty() ? trailing : trailing.isEmpty() ? leading : leading + "\n\n" + trailing;
      if (!text.isEmpty()) {
        comments.putIfAbsent(List.copyOf(location.getPathList()), text);
      }
    }
    return comments;
  }

  /** One comment as protoc hands it over (the {@code //} gone, what followed it kept) to a description. */
  static String clean(String comment) {
    String text = INTERNAL.matcher(comment).replaceAll("");
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      // "/// text" reaches us as "/ text"; a block comment's " * text" as " * text" on later lines.
      String l = line.stripTrailing();
      if (l.startsWith("/")) {
        l = l.replaceFirst("^/+", "");
      }
      lines.add(l);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(out.length() == 0 ? "" : "\n").append(line.isBlank() ? "" : line.substring(indent));
    }
    // Blank lines left where a (-- --) block stood collapse into one paragraph break.
    return Descriptions.safe(out.toString().replaceAll("\n{3,}", "\n\n").strip());
  }
}
