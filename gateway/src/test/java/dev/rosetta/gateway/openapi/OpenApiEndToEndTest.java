package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.testing.GatewayHarness;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated OpenAPI 3.1 description, served on the public port, validated by swagger-parser
 * (which checks 3.1 documents against the specification) and read back for its content.
 */
class OpenApiEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withServeOpenApi(true)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static OpenAPI validated(String text) {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
    assertThat(result.getMessages()).as("validation messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    return result.getOpenAPI();
  }

  @Test
  void theJsonAndYamlDocumentsAreValidAndSayTheSame() throws Exception {
    HttpResponse<String> json = harness.get("/openapi.json");
    HttpResponse<String> yaml = harness.get("/openapi.yaml");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(yaml.headers().firstValue("content-type")).hasValue("application/yaml");
    assertThat(validated(yaml.body())).isEqualTo(validated(json.body()));
  }

  @Test
  void pathsCarryParametersSchemasAndProtoComments() throws Exception {
    OpenAPI api = validated(harness.get("/openapi.json").body());
    Operation get = api.getPaths().get("/e2e/echo/{id}").getGet();
    assertThat(get.getDescription()).isEqualTo("Returns its request.");
    assertThat(get.getParameters()).extracting(Parameter::getName, Parameter::getIn)
        .contains(org.assertj.core.groups.Tuple.tuple("id", "path"));
    assertThat(get.getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/EchoMessage");
    assertThat(get.getResponses().get("default").get$ref()).isEqualTo("#/components/responses/Error");
    assertThat(api.getComponents().getResponses().get("Error").getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/Status");
    // A variable's pattern is spelled out, so each OpenAPI parameter is one segment.
    Operation put = api.getPaths().get("/e2e/echo/things/{thing}").getPut();
    assertThat(put.getRequestBody().getContent().get("application/json").getSchema().get$ref())
        .isEqualTo("#/components/schemas/EchoServiceEchoBody");
    assertThat(api.getComponents().getSchemas()).containsKeys("EchoMessage", "Status");
  }

  @Test
  void schemasFollowTheProto3JsonMapping() throws Exception {
    OpenAPI api = validated(new String(OpenApiDocument.of(library()).json(), StandardCharsets.UTF_8));
    @SuppressWarnings("rawtypes")
    java.util.Map<String, Schema> book = api.getComponents().getSchemas()
        .get("Book").getProperties();
    assertThat(book).isNotEmpty();
    String text = new String(OpenApiDocument.of(library()).json(), StandardCharsets.UTF_8);
    // int64 as string, Timestamp as date-time, enums by name, maps as objects.
    assertThat(text).contains("\"type\":\"string\",\"format\":\"int64\"")
        .contains("\"format\":\"date-time\"")
        .contains("\"enum\":[");
    Operation list = api.getPaths().get("/v1/shelves/{shelf}/books").getGet();
    assertThat(list.getParameters()).extracting(Parameter::getIn).contains("path", "query");
  }

  @Test
  void theValidatorUsedHereDoesRejectAnInvalidDocument() {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(
        "{\"openapi\":\"3.1.0\",\"paths\":{\"/a\":{\"get\":{\"responses\":\"nope\"}}}}", null, new ParseOptions());
    assertThat(result.getMessages()).isNotEmpty();
  }

  @Test
  void turningTheFlagOffLeavesTheRoutesAlone() throws Exception {
    try (GatewayHarness plain = GatewayHarness.start()) {
      assertThat(plain.get("/openapi.json").statusCode()).isEqualTo(404);
    }
  }

  private static RouteTable library() throws Exception {
    return RouteTable.build(Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE)));
  }
}
