package dev.rosetta.gateway.openapi;

import com.google.api.AnnotationsProto;
import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.api.HttpBodyProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TimestampProto;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.RouteTable;
import java.util.List;

/**
 * A small API whose comments and annotations are hard on generators: {@code *}{@code /} and
 * {@code <!--} and backticks in comments, {@code (-- api-linter --)} notes, {@code ///} comments,
 * trailing comments, every {@code field_behavior}, a message named like {@code google.rpc.Status},
 * a nested path field under the body, an HttpBody upload. Built in code (comments included as
 * source info, behaviours as typed extensions) so the test descriptor set stays as it is.
 */
final class DocsFixture {
  static final String PACKAGE = "rosetta.test.openapi.v1";
  static final String NASTY = "Names a thing, `owners/*/things/*` */ or not. <!-- hidden? --> Backticks: `a` ``b``."
      + "\n(-- api-linter: core::0131::request-name-behavior=disabled\n    aip.dev/not-precedent: testing --)";

  private DocsFixture() {}

  static RouteTable table() throws Exception {
    return RouteTable.build(DescriptorRegistry.of(List.of(file())));
  }

  static FileDescriptor file() throws Exception {
    FileDescriptorProto proto = FileDescriptorProto.newBuilder()
        .setName("rosetta/test/openapi/v1/docs.proto").setPackage(PACKAGE).setSyntax("proto3")
        .addDependency("google/api/annotations.proto").addDependency("google/api/field_behavior.proto")
        .addDependency("google/api/httpbody.proto").addDependency("google/protobuf/timestamp.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Thing")
            .addField(field("name", 1, FieldBehavior.IDENTIFIER, FieldBehavior.OUTPUT_ONLY))
            .addField(field("title", 2, FieldBehavior.REQUIRED))
            .addField(message("owner", 3, ".rosetta.test.openapi.v1.Owner"))
            .addField(field("secret", 4, FieldBehavior.INPUT_ONLY))
            .addField(field("kind", 5, FieldBehavior.IMMUTABLE))
            .addField(field("old_title", 6).toBuilder().setOptions(FieldOptions.newBuilder().setDeprecated(true)))
            .addField(message("create_time", 7, ".google.protobuf.Timestamp").toBuilder()
                .setOptions(behaviours(FieldBehavior.OUTPUT_ONLY)))
            .addField(FieldDescriptorProto.newBuilder().setName("size").setNumber(8)
                .setType(FieldDescriptorProto.Type.TYPE_INT64)))
        .addMessageType(DescriptorProto.newBuilder().setName("Owner")
            .addField(field("name", 1)).addField(field("email", 2)))
        .addMessageType(DescriptorProto.newBuilder().setName("Status").addField(field("text", 1)))
        .addMessageType(DescriptorProto.newBuilder().setName("GetThingRequest").addField(field("name", 1)))
        .addMessageType(DescriptorProto.newBuilder().setName("UpdateThingRequest")
            .addField(message("thing", 1, ".rosetta.test.openapi.v1.Thing")))
        .addMessageType(DescriptorProto.newBuilder().setName("Receipt")
            .addField(FieldDescriptorProto.newBuilder().setName("bytes").setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_UINT64)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Things")
            .addMethod(method("GetThing", "GetThingRequest", "Thing",
                HttpRule.newBuilder().setGet("/v1/{name=owners/*/things/*}").build(), false))
            .addMethod(method("UpdateThing", "UpdateThingRequest", "Thing",
                HttpRule.newBuilder().setPatch("/v1/{thing.owner.name=owners/*}/things").setBody("thing").build(), false))
            .addMethod(method("Upload", ".google.api.HttpBody", "Receipt",
                HttpRule.newBuilder().setPost("/v1/uploads").setBody("*").build(), false))
            .addMethod(method("Ping", "GetThingRequest", "Status",
                HttpRule.newBuilder().setGet("/v1/ping/{name}").build(), true)))
        .setSourceCodeInfo(SourceCodeInfo.newBuilder()
            .addLocation(comment(List.of(4, 0), " " + NASTY.replace("\n", "\n "), ""))
            .addLocation(comment(List.of(4, 0, 2, 1), "", " The title */ shown to people. "))
            .addLocation(comment(List.of(6, 0), "/ Things, `owners/*/things/*`.\n/ Second line.", ""))
            .addLocation(comment(List.of(6, 0, 2, 0), " Gets a thing.\n\n (-- api-linter: core::0131=disabled --)\n\n More.", "")))
        .build();
    return FileDescriptor.buildFrom(proto, new FileDescriptor[] {
        AnnotationsProto.getDescriptor(), FieldBehaviorProto.getDescriptor(), HttpBodyProto.getDescriptor(),
        TimestampProto.getDescriptor()});
  }

  private static FieldDescriptorProto field(String name, int number, FieldBehavior... behaviours) {
    FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_STRING).setJsonName(jsonName(name));
    if (behaviours.length > 0) {
      f.setOptions(behaviours(behaviours));
    }
    return f.build();
  }

  private static FieldOptions behaviours(FieldBehavior... behaviours) {
    FieldOptions.Builder options = FieldOptions.newBuilder();
    for (FieldBehavior b : behaviours) {
      options.addExtension(FieldBehaviorProto.fieldBehavior, b);
    }
    return options.build();
  }

  private static FieldDescriptorProto message(String name, int number, String type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setJsonName(jsonName(name))
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(type).build();
  }

  private static MethodDescriptorProto method(String name, String input, String output, HttpRule rule, boolean deprecated) {
    return MethodDescriptorProto.newBuilder().setName(name).setInputType(input).setOutputType(output)
        .setOptions(MethodOptions.newBuilder().setDeprecated(deprecated).setExtension(AnnotationsProto.http, rule))
        .build();
  }

  private static SourceCodeInfo.Location comment(List<Integer> path, String leading, String trailing) {
    return SourceCodeInfo.Location.newBuilder().addAllPath(path).setLeadingComments(leading)
        .setTrailingComments(trailing).build();
  }

  private static String jsonName(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
