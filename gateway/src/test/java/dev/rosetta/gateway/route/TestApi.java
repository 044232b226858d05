package dev.rosetta.gateway.route;

import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_OPTIONAL;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED;

import com.google.api.AnnotationsProto;
import com.google.api.CustomHttpPattern;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TimestampProto;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A test API built in code: service {@code rosetta.test.route.Library} whose methods all take
 * {@code Req} and return {@code Resp}, with the HTTP rules a test gives.
 *
 * <pre>
 * enum Kind { KIND_UNSPECIFIED = 0; HARDCOVER = 1; }
 * message Author { string name = 1; google.protobuf.Timestamp born = 2; }
 * message Book { string name = 1; Author author = 2; repeated string tags = 3; }
 * message Req { string name = 1; string shelf = 2; int64 id = 3; Book book = 4;
 *   repeated string tags = 5; map&lt;string, string&gt; labels = 6; int32 count = 7; bool flag = 8;
 *   Kind kind = 9; bytes data = 10; string path = 11; double ratio = 12;
 *   google.protobuf.Timestamp when = 13; }
 * message Resp { Book book = 1; string etag = 2; }
 * </pre>
 */
final class TestApi {
  static final String PKG = "rosetta.test.route";
  static final String SERVICE = PKG + ".Library";

  private TestApi() {}

  /** A method named {@code name}; a null rule leaves it unannotated. */
  record M(String name, HttpRule rule) {}

  static M m(String name, HttpRule rule) {
    return new M(name, rule);
  }

  static HttpRule get(String path) {
    return HttpRule.newBuilder().setGet(path).build();
  }

  static HttpRule rule(String kind, String path, String body) {
    HttpRule.Builder b = HttpRule.newBuilder().setBody(body);
    switch (kind) {
      case "GET" -> b.setGet(path);
      case "PUT" -> b.setPut(path);
      case "POST" -> b.setPost(path);
      case "DELETE" -> b.setDelete(path);
      case "PATCH" -> b.setPatch(path);
      default -> b.setCustom(CustomHttpPattern.newBuilder().setKind(kind).setPath(path));
    }
    return b.build();
  }

  static HttpRule rule(String kind, String path) {
    return rule(kind, path, "");
  }

  static HttpRule withAdditional(HttpRule rule, HttpRule... additional) {
    return rule.toBuilder().addAllAdditionalBindings(List.of(additional)).build();
  }

  static DescriptorRegistry registry(List<M> methods) {
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName("Library");
    for (M m : methods) {
      MethodDescriptorProto.Builder method = MethodDescriptorProto.newBuilder()
          .setName(m.name())
          .setInputType("." + PKG + ".Req")
          .setOutputType("." + PKG + ".Resp");
      if (m.rule() != null) {
        method.setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http, m.rule()));
      }
      service.addMethod(method);
    }
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("rosetta/test/route/library.proto")
        .setPackage(PKG)
        .setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addEnumType(EnumDescriptorProto.newBuilder().setName("Kind")
            .addValue(EnumValueDescriptorProto.newBuilder().setName("KIND_UNSPECIFIED").setNumber(0))
            .addValue(EnumValueDescriptorProto.newBuilder().setName("HARDCOVER").setNumber(1)))
        .addMessageType(DescriptorProto.newBuilder().setName("Author")
            .addField(field("name", 1, Type.TYPE_STRING))
            .addField(message("born", 2, ".google.protobuf.Timestamp")))
        .addMessageType(DescriptorProto.newBuilder().setName("Book")
            .addField(field("name", 1, Type.TYPE_STRING))
            .addField(message("author", 2, "." + PKG + ".Author"))
            .addField(field("tags", 3, Type.TYPE_STRING).setLabel(LABEL_REPEATED)))
        .addMessageType(DescriptorProto.newBuilder().setName("Req")
            .addField(field("name", 1, Type.TYPE_STRING))
            .addField(field("shelf", 2, Type.TYPE_STRING))
            .addField(field("id", 3, Type.TYPE_INT64))
            .addField(message("book", 4, "." + PKG + ".Book"))
            .addField(field("tags", 5, Type.TYPE_STRING).setLabel(LABEL_REPEATED))
            .addField(message("labels", 6, "." + PKG + ".Req.LabelsEntry").setLabel(LABEL_REPEATED))
            .addField(field("count", 7, Type.TYPE_INT32))
            .addField(field("flag", 8, Type.TYPE_BOOL))
            .addField(field("kind", 9, Type.TYPE_ENUM).setTypeName("." + PKG + ".Kind"))
            .addField(field("data", 10, Type.TYPE_BYTES))
            .addField(field("path", 11, Type.TYPE_STRING))
            .addField(field("ratio", 12, Type.TYPE_DOUBLE))
            .addField(message("when", 13, ".google.protobuf.Timestamp"))
            .addNestedType(DescriptorProto.newBuilder().setName("LabelsEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(field("key", 1, Type.TYPE_STRING))
                .addField(field("value", 2, Type.TYPE_STRING))))
        .addMessageType(DescriptorProto.newBuilder().setName("Resp")
            .addField(message("book", 1, "." + PKG + ".Book"))
            .addField(field("etag", 2, Type.TYPE_STRING)))
        .addService(service)
        .build();
    try {
      FileDescriptor built = FileDescriptor.buildFrom(file, new FileDescriptor[] {TimestampProto.getDescriptor()});
      return DescriptorRegistry.of(List.of(built));
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  static RouteTable table(List<M> methods) throws RouteException {
    return RouteTable.build(registry(methods));
  }

  /**
   * A lookup as one comparable line: {@code Library.GetShelf shelf=s1}, {@code 405 [GET, POST]},
   * {@code 404}, {@code 400 <message>}.
   */
  static String describe(RouteLookup lookup) {
    if (lookup instanceof RouteLookup.Found f) {
      return f.match().route().source().substring(PKG.length() + 1)
          + f.match().bindings().stream()
              .map(b -> " " + b.fieldPath().stream().map(fd -> fd.getName()).collect(Collectors.joining("."))
                  + "=" + b.value())
              .collect(Collectors.joining());
    }
    if (lookup instanceof RouteLookup.MethodNotAllowed m) {
      return "405 " + m.allowed().stream().sorted().toList();
    }
    if (lookup instanceof RouteLookup.InvalidPath i) {
      return "400 " + i.message();
    }
    return "404";
  }

  private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(LABEL_OPTIONAL);
  }

  private static FieldDescriptorProto.Builder message(String name, int number, String typeName) {
    return field(name, number, Type.TYPE_MESSAGE).setTypeName(typeName);
  }
}
