package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistry;
import dev.rosetta.gateway.CompatOptions;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.e2e.v1.Echo;
import dev.rosetta.gateway.testing.AnyEchoBackend;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's engine points end to end, through real backends: a body on a rule without one, an
 * empty body, enum names in any case (both codecs), auto routes for methods without a rule, and
 * the rules Envoy accepts beyond http.proto (nested body and response_body, an inner {@code **},
 * the root template). The Envoy rules live in a descriptor set written here ({@link #RULES}),
 * served by a backend that echoes any method ({@link AnyEchoBackend}); EchoService by {@link
 * EchoBackend}. Three gateways: the defaults plus the lenient extras, the same on the reference
 * codec, and the strict switches.
 */
class CompatEndToEndTest {
  private static final String SERVICE = "rosetta.test.envoy.v1.EnvoyRules";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final FileDescriptorProto RULES = rules(List.of());

  @TempDir static Path dir;
  private static EchoBackend echo;
  private static AnyEchoBackend any;
  private static Gateway lenient;
  private static Gateway reference;
  private static Gateway strict;

  @BeforeAll
  static void start() throws Exception {
    echo = EchoBackend.start();
    any = AnyEchoBackend.start(FileDescriptor.buildFrom(RULES,
        new FileDescriptor[] {AnnotationsProto.getDescriptor(), Echo.getDescriptor()}).findServiceByName("EnvoyRules"));
    CompatOptions extras = CompatOptions.DEFAULTS.withAutoRoutes(true).withCaseInsensitiveEnums(true);
    lenient = Gateway.start(config(write("rules.pb", RULES), c -> c.withCompat(extras)
        .withOperations(OperationsOptions.defaults().withServeOpenApi(true))));
    reference = Gateway.start(config(write("rules.pb", RULES), c -> c.withCompat(extras).withCodecName(Codecs.REFERENCE)));
    strict = Gateway.start(config(write("rules.pb", RULES),
        c -> c.withCompat(CompatOptions.DEFAULTS.withStrictBody(true).withStrictRoutes(true))));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {lenient, reference, strict, any, echo}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void aBodyOnARuleWithoutBodyIsIgnoredAndTheQueryStillBinds() throws Exception {
    HttpResponse<String> response = send(lenient, "PURGE", "/e2e/echo/abc?count=3", "{\"id\":\"other\",\"count\":9}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"abc\",\"count\":3}");
  }

  @Test
  void strictBodyRefusesABodyOnARuleWithoutBody() throws Exception {
    HttpResponse<String> response = send(strict, "PURGE", "/e2e/echo/abc?count=3", "{}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"code\":3,\"message\":\"PURGE /e2e/echo/{id} takes no request body; "
        + "send its fields as query parameters\",\"details\":[]}");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " \r\n\t"})
  void anEmptyOrBlankBodyIsAnEmptyMessageForBodyStarAndForABodyField(String body) throws Exception {
    for (Gateway gateway : List.of(lenient, strict)) {
      assertThat(send(gateway, "POST", "/e2e/echo", body).body()).isEqualTo("{}");
      HttpResponse<String> field = send(gateway, "PUT", "/e2e/echo/things/t1", body);
      assertThat(field.statusCode()).isEqualTo(200);
      assertThat(field.body()).isEqualTo("{\"nested\":{\"name\":\"things/t1\"}}");
    }
  }

  @Test
  void enumNamesInAnyCaseBindFromTheQueryAndTheBodyInBothCodecs() throws Exception {
    for (Gateway gateway : List.of(lenient, reference)) {
      assertThat(send(gateway, "GET", "/e2e/echo/x?color=green&colors=Red&colors=GREEN", null).body())
          .isEqualTo("{\"id\":\"x\",\"color\":\"GREEN\",\"colors\":[\"RED\",\"GREEN\"]}");
      assertThat(send(gateway, "POST", "/e2e/echo", "{\"color\":\"red\",\"colors\":[\"gReEn\",\"RED\",2]}").body())
          .isEqualTo("{\"color\":\"RED\",\"colors\":[\"GREEN\",\"RED\",\"GREEN\"]}");
    }
  }

  @Test
  void withoutTheSwitchEnumNamesMustMatchTheirCase() throws Exception {
    HttpResponse<String> query = send(strict, "GET", "/e2e/echo/x?color=green", null);
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(query.body()).contains("invalid query parameter \\\"color\\\": \\\"green\\\" is not a value of enum "
        + "rosetta.test.e2e.v1.Color (expected one of COLOR_UNSPECIFIED, RED, GREEN or a number)");
    HttpResponse<String> body = send(strict, "POST", "/e2e/echo", "{\"color\":\"red\"}");
    assertThat(body.statusCode()).isEqualTo(400);
    assertThat(body.body()).contains("field \\\"color\\\": expected a value of enum rosetta.test.e2e.v1.Color "
        + "(COLOR_UNSPECIFIED, RED, GREEN) or its number, found \\\"red\\\" (line 1, column 10)");
  }

  @Test
  void autoRoutesPostEveryMethodWithoutARuleUnderItsFullNameUnaryAndStreaming() throws Exception {
    HttpResponse<String> unary = send(lenient, "POST", "/" + SERVICE + "/Unrouted", "{\"id\":\"a\",\"color\":\"RED\"}");
    assertThat(unary.statusCode()).isEqualTo(200);
    assertThat(unary.body()).isEqualTo("{\"id\":\"a\",\"color\":\"RED\"}");
    HttpResponse<String> chat = send(lenient, "POST", "/" + SERVICE + "/UnroutedChat", "{\"id\":\"a\"}\n{\"id\":\"b\"}");
    assertThat(chat.body()).isEqualTo("[{\"id\":\"a\"},{\"id\":\"b\"}]");
    assertThat(lenient.routes().routes()).extracting(r -> r.toString() + " " + r.body())
        .contains("POST /" + SERVICE + "/Unrouted *", "POST /" + SERVICE + "/UnroutedChat *");
    assertThat(send(lenient, "GET", "/openapi.json", null).body())
        .contains("\"/" + SERVICE + "/Unrouted\"", "\"/" + SERVICE + "/UnroutedChat\"");
    // Without the switch the path is no REST route; the same port still answers it as a Connect
    // unary call (docs/protocols.md), whose errors have Connect's form rather than google.rpc.Status.
    assertThat(strict.routes().routes()).extracting(Object::toString).doesNotContain("POST /" + SERVICE + "/Unrouted");
    assertThat(send(lenient, "POST", "/" + SERVICE + "/Unrouted", "{\"color\":\"PURPLE\"}").body())
        .startsWith("{\"code\":3,");
    assertThat(send(strict, "POST", "/" + SERVICE + "/Unrouted", "{\"color\":\"PURPLE\"}").body())
        .startsWith("{\"code\":\"invalid_argument\",");
  }

  @Test
  void aNestedBodyPathTakesTheBodyAsThatFieldAsEnvoyDoes() throws Exception {
    HttpResponse<String> response = send(lenient, "PUT", "/envoy/e1/nested-name", "\"deep\"");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"e1\",\"nested\":{\"name\":\"deep\"}}");
  }

  @Test
  void aNestedResponseBodyPathAnswersWithThatFieldAlone() throws Exception {
    assertThat(send(reference, "GET", "/envoy/e1/nested-name?nested.name=n&nested.level=2", null).body())
        .isEqualTo("\"n\"");
    assertThat(send(lenient, "GET", "/envoy/e1/nested-name?nested.name=n", null).body()).isEqualTo("\"n\"");
    assertThat(send(lenient, "GET", "/envoy/e1/nested-name", null).body()).isEqualTo("\"\"");
  }

  @Test
  void anInnerDoubleWildcardAndTheRootTemplateRoute() throws Exception {
    assertThat(send(lenient, "GET", "/envoy/files/a/b%2Fc/d/meta", null).body()).isEqualTo("{\"path\":\"a/b%2Fc/d\"}");
    assertThat(send(lenient, "GET", "/envoy/files/meta", null).statusCode()).isEqualTo(404);
    assertThat(send(lenient, "POST", "/envoy/x/y/items:touch", "{\"id\":\"t\"}").body()).isEqualTo("{\"id\":\"t\"}");
    HttpResponse<String> root = send(lenient, "GET", "/?id=r", null);
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).isEqualTo("{\"id\":\"r\"}");
  }

  @Test
  void conflictingRulesStartServingTheLaterOneAndStrictRoutesRefuseToStart() throws Exception {
    Path twins = write("twins.pb", rules(List.of(method("Twin", HttpRule.newBuilder().setGet("/").build()))));
    try (Gateway gateway = Gateway.start(config(twins, c -> c))) {
      assertThat(gateway.routes().conflicts()).singleElement().satisfies(c -> {
        assertThat(c.winner().source()).isEqualTo(SERVICE + ".Twin");
        assertThat(c.message()).isEqualTo("route conflict: GET / (" + SERVICE + ".Root) and GET / (" + SERVICE
            + ".Twin) match the same paths; serving " + SERVICE + ".Twin, the later rule");
      });
      // The echo backend knows only the original methods: its answer shows the call went to Twin.
      assertThat(send(gateway, "GET", "/?id=t", null).body()).contains("Method not found: " + SERVICE + "/Twin");
    }
    assertThatThrownBy(() -> Gateway.start(config(twins, c -> c.withCompat(CompatOptions.DEFAULTS.withStrictRoutes(true)))))
        .isInstanceOf(StartupException.class)
        .hasMessage("route conflict: GET / (" + SERVICE + ".Root) and GET / (" + SERVICE + ".Twin) match the same "
            + "paths (--strict-routes refuses conflicting rules)");
  }

  @Test
  void aRuleNamingNoFieldStillStopsStartUpWithOneLine() throws Exception {
    Path bad = write("bad.pb", rules(List.of(method("Bad", HttpRule.newBuilder().setPut("/bad").setBody("nested.nope").build()))));
    assertThatThrownBy(() -> Gateway.start(config(bad, c -> c)))
        .isInstanceOf(StartupException.class)
        .hasMessage(SERVICE + ".Bad: PUT /bad: body 'nested.nope': rosetta.test.e2e.v1.Nested has no field 'nope' "
            + "(body is '', '*' or a request field)");
  }

  /** The Envoy rules service, plus {@code extra} methods. */
  private static FileDescriptorProto rules(List<MethodDescriptorProto> extra) {
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName("EnvoyRules")
        .addMethod(method("NestedBody", HttpRule.newBuilder().setPut("/envoy/{id}/nested-name").setBody("nested.name").build()))
        .addMethod(method("NestedResponseBody",
            HttpRule.newBuilder().setGet("/envoy/{id}/nested-name").setResponseBody("nested.name").build()))
        .addMethod(method("InnerWildcard", HttpRule.newBuilder().setGet("/envoy/files/{path=**}/meta")
            .addAdditionalBindings(HttpRule.newBuilder().setPost("/envoy/**/items:touch").setBody("*")).build()))
        .addMethod(method("Root", HttpRule.newBuilder().setGet("/").build()))
        .addMethod(method("Unrouted", null))
        .addMethod(method("UnroutedChat", null).toBuilder().setClientStreaming(true).setServerStreaming(true))
        .addAllMethod(extra);
    return FileDescriptorProto.newBuilder()
        .setName("rosetta/test/envoy/v1/envoy_rules.proto")
        .setPackage("rosetta.test.envoy.v1")
        .setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addDependency("rosetta/test/e2e/v1/echo.proto")
        .addService(service)
        .build();
  }

  private static MethodDescriptorProto method(String name, HttpRule rule) {
    MethodDescriptorProto.Builder method = MethodDescriptorProto.newBuilder().setName(name)
        .setInputType(".rosetta.test.e2e.v1.EchoMessage").setOutputType(".rosetta.test.e2e.v1.EchoMessage");
    if (rule != null) {
      method.setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http, rule));
    }
    return method.build();
  }

  /** The test descriptor set with {@code rules} added, written to a file. */
  private static Path write(String name, FileDescriptorProto rules) throws Exception {
    ExtensionRegistry extensions = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(extensions);
    FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(GatewayHarness.TEST_DESCRIPTORS), extensions)
        .toBuilder().addFile(rules).build();
    return Files.write(dir.resolve(name), set.toByteArray());
  }

  private static GatewayConfig config(Path descriptors, UnaryOperator<GatewayConfig> tweak) {
    GatewayConfig config = GatewayConfig.of(List.of(descriptors.toString()), null).withBackends(List.of(
        BackendSpec.of("echo", echo.target(), List.of()),
        BackendSpec.of("rules", any.target(), List.of(SERVICE))));
    return tweak.apply(GatewayHarness.onLoopback(config));
  }

  private static HttpResponse<String> send(Gateway gateway, String method, String pathAndQuery, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.address().getPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
