package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.RouteTable;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one protocol decision, as a table: content type first for the RPC framings, then REST's
 * routes, then Connect's unary forms on an RPC path, then REST's own answer. The API, built in
 * code:
 *
 * <pre>
 * service p.v1.S {
 *   rpc Shadowed(M) returns (M) { post: "/p.v1.S/Shadowed" body: "*" }   // a REST route on its own RPC path
 *   rpc Plain(M) returns (M);                                             // no rule
 *   rpc Reads(M) returns (M) { idempotency_level = NO_SIDE_EFFECTS }
 *   rpc Watch(M) returns (stream M);
 *   rpc Upload(stream M) returns (M);
 *   rpc Chat(stream M) returns (stream M);
 * }
 * </pre>
 */
class ProtocolsTest {
  static RouteTable routes;
  static DescriptorRegistry registry;

  @BeforeAll
  static void api() throws Exception {
    MethodDescriptorProto.Builder shadowed = method("Shadowed");
    shadowed.setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http,
        HttpRule.newBuilder().setPost("/p.v1.S/Shadowed").setBody("*").build()));
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("p/v1/s.proto").setPackage("p.v1").setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("M").addField(FieldDescriptorProto.newBuilder()
            .setName("name").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_STRING)
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
        .addService(ServiceDescriptorProto.newBuilder().setName("S")
            .addMethod(shadowed)
            .addMethod(method("Plain"))
            .addMethod(method("Reads").setOptions(MethodOptions.newBuilder()
                .setIdempotencyLevel(MethodOptions.IdempotencyLevel.NO_SIDE_EFFECTS)))
            .addMethod(method("Watch").setServerStreaming(true))
            .addMethod(method("Upload").setClientStreaming(true))
            .addMethod(method("Chat").setClientStreaming(true).setServerStreaming(true)))
        .build();
    FileDescriptor built = FileDescriptor.buildFrom(file, new FileDescriptor[] {AnnotationsProto.getDescriptor()});
    registry = DescriptorRegistry.of(List.of(built));
    routes = RouteTable.build(registry);
  }

  static MethodDescriptorProto.Builder method(String name) {
    return MethodDescriptorProto.newBuilder().setName(name).setInputType(".p.v1.M").setOutputType(".p.v1.M");
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} -> {5}")
  @CsvSource(delimiter = '|', value = {
      // method | path                    | Content-Type                    | header                     | value | decision
      "POST | /p.v1.S/Shadowed | application/json                | | | rest POST /p.v1.S/Shadowed",
      "POST | /p.v1.S/Plain    | application/json                | | | connect",
      "POST | /p.v1.S/Plain    | application/json; charset=utf-8 | | | connect",
      "POST | /p.v1.S/Plain    | application/proto               | | | connect",
      "POST | /p.v1.S/Plain    | APPLICATION/PROTO               | | | connect",
      "GET  | /p.v1.S/Reads    |                                 | | | connect",
      "GET  | /p.v1.S/Plain    |                                 | | | connect refused 405 method_not_allowed",
      "GET  | /p.v1.S/Watch    |                                 | | | connect refused 405 method_not_allowed",
      "POST | /p.v1.S/Plain    | text/plain                      | | | rest not found",
      "POST | /p.v1.S/Plain    | text/plain                      | Connect-Protocol-Version | 1 | connect refused 415 unsupported_media_type",
      "POST | /p.v1.S/Plain    | application/json                | Connect-Protocol-Version | 2 | connect refused 400 bad_request",
      "POST | /p.v1.S/Nope     | application/json                | | | rest not found",
      "POST | /p.v1.S/Shadowed | application/grpc-web+proto      | | | grpc-web",
      "POST | /p.v1.S/Plain    | application/grpc-web            | | | grpc-web",
      "POST | /p.v1.S/Plain    | application/grpc-web+json       | | | grpc-web",
      "POST | /p.v1.S/Plain    | application/grpc-web-text       | | | grpc-web",
      "POST | /p.v1.S/Plain    | application/grpc-web-text+proto | | | grpc-web",
      "POST | /p.v1.S/Watch    | application/grpc-web            | | | grpc-web",
      "POST | /p.v1.S/Plain    | application/grpc-web-text+json  | | | refused grpc-web 415 unsupported_media_type",
      "POST | /p.v1.S/Plain    | application/grpc-web+thrift     | | | refused grpc-web 415 unsupported_media_type",
      "GET  | /p.v1.S/Plain    | application/grpc-web            | | | grpc-web refused 405 method_not_allowed",
      "POST | /p.v1.S/Nope     | application/grpc-web            | | | grpc-web refused 501 no_method",
      "POST | /p.v1.S/Upload   | application/grpc-web            | | | grpc-web refused 501 protocol_not_served",
      "POST | /p.v1.S/Plain    | application/grpc                | | | refused grpc 415 protocol_not_served",
      "POST | /p.v1.S/Plain    | application/grpc+proto          | | | refused grpc 415 protocol_not_served",
      "POST | /p.v1.S/Upload   | application/grpc                | | | refused grpc 415 protocol_not_served",
      "POST | /p.v1.S/Watch    | application/connect+json        | | | connect",
      "POST | /p.v1.S/Plain    | application/connect+proto       | | | connect",
      "POST | /p.v1.S/Watch    | application/json                | | | connect refused 415 unsupported_media_type",
      "POST | /p.v1.S/Upload   | application/connect+proto       | | | connect",
      "POST | /p.v1.S/Chat     | application/connect+json        | | | refused connect 505 protocol_not_served",
      "POST | /p.v1.S/Plain    | application/connect+thrift      | | | refused connect 415 unsupported_media_type",
  })
  void decidesTheProtocolInOnePlace(String method, String path, String contentType, String header, String value,
      String decision) {
    HttpRequest request = ExchangeFixture.request(method, path);
    if (contentType != null) {
      request.headers().set("Content-Type", contentType);
    }
    if (header != null) {
      request.headers().set(header, value);
    }
    assertThat(describe(Protocols.select(request, path, routes))).isEqualTo(decision);
  }

  /** Over HTTP/2: native gRPC for every shape, Connect's bidirectional streams, unknown methods with and without passthrough. */
  @ParameterizedTest(name = "{0} {1} {2} passthrough={3}: {4}")
  @CsvSource(delimiter = '|', value = {
      "POST | /p.v1.S/Plain    | application/grpc                | false | grpc",
      "POST | /p.v1.S/Plain    | application/grpc+proto          | false | grpc",
      "POST | /p.v1.S/Plain    | application/grpc+json           | false | grpc",
      "POST | /p.v1.S/Shadowed | application/grpc                | false | grpc",
      "POST | /p.v1.S/Watch    | application/grpc                | false | grpc",
      "POST | /p.v1.S/Upload   | application/grpc                | false | grpc",
      "POST | /p.v1.S/Chat     | application/grpc                | false | grpc",
      "POST | /p.v1.S/Chat     | application/connect+proto       | false | connect",
      "POST | /p.v1.S/Plain    | application/grpc+thrift         | false | refused grpc 415 unsupported_media_type",
      "GET  | /p.v1.S/Plain    | application/grpc                | false | grpc refused 405 method_not_allowed",
      "POST | /p.v1.S/Nope     | application/grpc                | false | grpc refused 501 no_method",
      "POST | /q.Other/Call    | application/grpc                | false | grpc refused 501 no_method",
      "POST | /q.Other/Call    | application/grpc                | true  | grpc passthrough q.Other/Call",
      "POST | /q.Other/Call    | application/grpc+json           | true  | grpc refused 501 no_method",
      "POST | /not/an/rpc/path | application/grpc                | true  | grpc refused 501 no_method",
      "POST | /p.v1.S/Plain    | application/grpc                | true  | grpc",
  })
  void decidesNativeGrpcOverHttp2(String method, String path, String contentType, boolean passthrough,
      String decision) {
    HttpRequest request = ExchangeFixture.request(method, path);
    request.headers().set("Content-Type", contentType);
    Protocols.Selection selection = Protocols.select(request, path, routes, true, passthrough);
    String described = describe(selection);
    if (selection instanceof Protocols.Rpc rpc && rpc.framing() instanceof GrpcFraming grpc && grpc.unknownMethod() != null) {
      assertThat(rpc.procedure()).isSameAs(GrpcPassthrough.MATCH);
      described += " passthrough " + grpc.unknownMethod();
    }
    assertThat(described).isEqualTo(decision);
  }

  /** With --auto-routes: Connect's signal takes an auto route's path for Connect; a written rule stays REST's. */
  @ParameterizedTest(name = "{0} {1} {2} {3}={4}: {5}")
  @CsvSource(delimiter = '|', value = {
      "POST | /p.v1.S/Plain    | application/json  |                          |   | rest POST /p.v1.S/Plain",
      "POST | /p.v1.S/Plain    | application/json  | Connect-Protocol-Version | 1 | connect",
      "POST | /p.v1.S/Plain    | application/proto |                          |   | connect",
      "POST | /p.v1.S/Shadowed | application/json  | Connect-Protocol-Version | 1 | rest POST /p.v1.S/Shadowed",
  })
  void connectsSignalWinsOverAnAutoRoute(String method, String path, String contentType, String header, String value,
      String decision) throws Exception {
    RouteTable auto = RouteTable.build(registry, new dev.rosetta.gateway.route.RouteOptions(false, true));
    HttpRequest request = ExchangeFixture.request(method, path);
    request.headers().set("Content-Type", contentType);
    if (header != null) {
      request.headers().set(header, value);
    }
    assertThat(describe(Protocols.select(request, path, auto)).replace(" (auto route)", "")).isEqualTo(decision);
  }

  static String describe(Protocols.Selection selection) {
    if (selection instanceof Protocols.Rest rest) {
      return rest.lookup() instanceof dev.rosetta.gateway.route.RouteLookup.Found found
          ? "rest " + found.match().route() : "rest not found";
    }
    if (selection instanceof Protocols.Refused refused) {
      return "refused " + refused.label() + " " + refused.error().httpStatus() + " " + refused.error().reason();
    }
    Protocols.Rpc rpc = (Protocols.Rpc) selection;
    return rpc.framing().label() + (rpc.refused() == null ? ""
        : " refused " + rpc.refused().httpStatus() + " " + rpc.refused().reason());
  }
}
