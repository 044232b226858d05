package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.openapi.OpenApiOptions.PathParameters;
import dev.rosetta.gateway.openapi.OpenApiOptions.SchemaNames;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the document says, read back as JSON: the parts generated clients depend on. */
class OpenApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode document(RouteTable table, OpenApiOptions options, CodecOptions codec) throws Exception {
    String text = new String(OpenApiDocument.of(table, options, codec).json(), StandardCharsets.UTF_8);
    OpenApiEndToEndTest.validated(text);
    return JSON.readTree(text);
  }

  static RouteTable library() throws Exception {
    return RouteTable.build(Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE)));
  }

  @Test
  void multiSegmentVariablesAreExpandedIntoOneNamedParameterPerWildcard() throws Exception {
    JsonNode doc = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    JsonNode get = doc.at("/paths/~1v1~1shelves~1{shelf}~1books~1{book}/get");
    assertThat(names(get.get("parameters"), "path")).containsExactly("shelf", "book");
    assertThat(get.at("/parameters/1/description").asText()).contains("`shelves/{shelf}/books/{book}`");
    assertThat(doc.at("/paths").has("/v1/shelves/{shelf}/books/{book}/attachments/{path}")).isTrue();
  }

  @Test
  void singleModeGivesOneParameterPerVariableAndExpandsOnlyWhereTwoOperationsWouldShareAPath() throws Exception {
    JsonNode doc = document(library(), OpenApiOptions.DEFAULTS.withPathParameters(PathParameters.SINGLE)
        .withDecodeEncodedSlashes(true), CodecOptions.DEFAULTS);
    JsonNode getShelf = doc.at("/paths/~1v1~1{name}/get");
    assertThat(getShelf.get("operationId").asText()).isEqualTo("LibraryService_GetShelf");
    // GetBook would take GET /v1/{name} too: it is expanded rather than dropped.
    assertThat(doc.at("/paths/~1v1~1shelves~1{shelf}~1books~1{book}/get/operationId").asText())
        .isEqualTo("LibraryService_GetBook");
    JsonNode checkout = doc.at("/paths/~1v1~1{name}:checkout/post/parameters/0");
    assertThat(checkout.at("/schema/pattern").asText()).isEqualTo("^shelves/[^/]+/books/[^/]+$");
    assertThat(checkout.get("x-rosetta-pattern").asText()).isEqualTo("shelves/*/books/*");
    assertThat(checkout.get("description").asText()).contains("decodes `%2F`");
  }

  @Test
  void pathFieldsAreLeftOutOfTheBodyAndNestedOnesOnlyWhereTheyAreBound() throws Exception {
    JsonNode library = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    JsonNode update = library.at("/components/schemas/LibraryServiceUpdateBookBody/properties");
    assertThat(update.has("name")).isFalse();
    assertThat(update.has("title")).isTrue();
    JsonNode docs = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    JsonNode body = docs.at("/components/schemas/ThingsUpdateThingBody/properties");
    assertThat(body.at("/owner/properties").has("name")).isFalse();
    assertThat(body.at("/owner/properties").has("email")).isTrue();
  }

  @Test
  void responsesAreDescribedAsTheGatewaySendsThem() throws Exception {
    JsonNode doc = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    JsonNode cover = doc.at("/paths/~1v1~1shelves~1{shelf}~1books~1{book}~1cover/get/responses/200/content");
    assertThat(cover.fieldNames()).toIterable().containsExactly("*/*");
    assertThat(cover.at("/*~1*/schema/format").asText()).isEqualTo("binary");
    JsonNode watch = doc.at("/paths/~1v1~1shelves~1{shelf}~1books:watch/get/responses/200/content");
    assertThat(watch.fieldNames()).toIterable()
        .containsExactly("application/json", "application/x-ndjson", "text/event-stream");
    assertThat(watch.at("/application~1json/schema/type").asText()).isEqualTo("array");
    assertThat(watch.at("/application~1json/schema/items/$ref").asText()).isEqualTo("#/components/schemas/Book");
    JsonNode upload = doc.at("/paths/~1v1~1shelves~1{shelf}~1books:import/post/requestBody/content");
    assertThat(upload.at("/application~1json/schema/type").asText()).isEqualTo("array");
    JsonNode errors = doc.at("/paths/~1v1~1shelves/get/responses");
    assertThat(errors.fieldNames()).toIterable().contains("400", "404", "503", "default");
    assertThat(doc.at("/components/responses/NotFound/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/Status");
    JsonNode docs = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    assertThat(docs.at("/paths/~1v1~1uploads/post/requestBody/content/*~1*/schema/format").asText()).isEqualTo("binary");
  }

  @Test
  void aCustomMethodLeavesNoEmptyPathItem() throws Exception {
    JsonNode doc = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    assertThat(doc.at("/paths").has("/v1/books")).isFalse(); // only SEARCH lives there
    doc.at("/paths").forEach(item -> assertThat(item.size()).isPositive());
  }

  @Test
  void commentsBecomeDescriptionsThatCannotCloseAGeneratedComment() throws Exception {
    JsonNode doc = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    List<String> descriptions = doc.findValuesAsText("description");
    assertThat(descriptions).isNotEmpty().allSatisfy(d -> assertThat(d).doesNotContain("*/").doesNotContain("<!--")
        .doesNotContain("api-linter").doesNotContain("aip.dev/not-precedent"));
    assertThat(doc.at("/components/schemas/Thing/description").asText())
        .isEqualTo(Descriptions.safe("Names a thing, `owners/*/things/*` */ or not. <!-- hidden? --> Backticks: `a` ``b``."));
    assertThat(doc.at("/components/schemas/Thing/properties/title/description").asText())
        .isEqualTo("The title *\u200B/ shown to people.");
    assertThat(doc.at("/tags/0/description").asText()).isEqualTo(Descriptions.safe("Things, `owners/*/things/*`.\nSecond line."));
    assertThat(doc.at("/paths/~1v1~1owners~1{owner}~1things~1{thing}/get/description").asText())
        .isEqualTo("Gets a thing.\n\nMore.");
  }

  @Test
  void fieldBehaviourAndTypesFollowTheAnnotationsAndTheJsonMapping() throws Exception {
    JsonNode thing = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS)
        .at("/components/schemas/Thing");
    assertThat(thing.get("required").toString()).isEqualTo("[\"title\"]");
    assertThat(thing.at("/properties/name/readOnly").asBoolean()).isTrue();
    assertThat(thing.at("/properties/createTime/readOnly").asBoolean()).isTrue();
    assertThat(thing.at("/properties/createTime/format").asText()).isEqualTo("date-time");
    assertThat(thing.at("/properties/secret/writeOnly").asBoolean()).isTrue();
    assertThat(thing.at("/properties/kind/description").asText()).startsWith("Immutable");
    assertThat(thing.at("/properties/oldTitle/deprecated").asBoolean()).isTrue();
    assertThat(thing.at("/properties/size").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"int64\"}");
    JsonNode doc = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    assertThat(doc.at("/components/schemas/Receipt/properties/bytes/format").asText()).isEqualTo("int64");
    assertThat(doc.at("/paths/~1v1~1ping~1{name}/get/deprecated").asBoolean()).isTrue();
  }

  @Test
  void enumsAreNamesOrNumbersAsTheGatewayPrintsThem() throws Exception {
    JsonNode names = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS)
        .at("/components/schemas/Book/properties/genre");
    assertThat(names.get("type").asText()).isEqualTo("string");
    assertThat(names.get("enum").toString()).contains("\"SCIENCE_FICTION\"");
    JsonNode numbers = document(library(), OpenApiOptions.DEFAULTS, new CodecOptions(false, false, true, false))
        .at("/components/schemas/Book/properties/genre");
    assertThat(numbers.get("type").asText()).isEqualTo("integer");
    assertThat(numbers.get("enum").toString()).isEqualTo("[0,1,2,3,4]");
    assertThat(numbers.get("x-enum-varnames").get(2).asText()).isEqualTo("SCIENCE_FICTION");
  }

  @Test
  void schemaNamesAreShortUnlessTheyClashOrFullNamesAreAskedFor() throws Exception {
    JsonNode shortNames = document(DocsFixture.table(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    assertThat(shortNames.at("/components/schemas").fieldNames()).toIterable()
        .contains("Thing", "Owner", "google.rpc.Status", DocsFixture.PACKAGE + ".Status")
        .doesNotContain("Status");
    JsonNode full = document(library(), OpenApiOptions.DEFAULTS.withSchemaNames(SchemaNames.FULL), CodecOptions.DEFAULTS);
    assertThat(full.at("/components/schemas").fieldNames()).toIterable()
        .contains("rosetta.examples.library.v1.Book", "google.rpc.Status");
  }

  @Test
  void serversInfoSecurityAndTagsComeFromTheOptions() throws Exception {
    JsonNode plain = document(library(), OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
    assertThat(plain.at("/servers/0/url").asText()).isEqualTo("/");
    assertThat(plain.has("security")).isFalse();
    OpenApiOptions options = OpenApiOptions.DEFAULTS
        .withServers(List.of("https://api.example.com"))
        .withInfo(new OpenApiOptions.Info("Library", "2.1", "Books.", "Ada", "https://example.com", "ada@example.com",
            "Apache 2.0", null, "Apache-2.0"))
        .withSecurity(Map.of("bearer", OpenApiOptions.SecurityScheme.parse("bearer"),
                "key", OpenApiOptions.SecurityScheme.parse("header:X-Api-Key")), List.of("bearer"),
            Map.of("rosetta.examples.library.v1.LibraryService.ListShelves", List.of(),
                "rosetta.examples.library.v1.LibraryService.GetShelf", List.of("key", "bearer")))
        .withTags(List.of(new OpenApiOptions.Tag("LibraryService", "Shelves and books.")));
    JsonNode doc = document(library(), options, CodecOptions.DEFAULTS);
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo("https://api.example.com");
    assertThat(doc.at("/info/title").asText()).isEqualTo("Library");
    assertThat(doc.at("/info/license/identifier").asText()).isEqualTo("Apache-2.0");
    assertThat(doc.at("/info/contact/email").asText()).isEqualTo("ada@example.com");
    assertThat(doc.at("/security").toString()).isEqualTo("[{\"bearer\":[]}]");
    assertThat(doc.at("/components/securitySchemes/key").toString())
        .isEqualTo("{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"X-Api-Key\"}");
    assertThat(doc.at("/paths/~1v1~1shelves/get/security").toString()).isEqualTo("[]");
    assertThat(doc.at("/paths/~1v1~1shelves~1{shelf}/get/security").toString()).isEqualTo("[{\"key\":[]},{\"bearer\":[]}]");
    assertThat(doc.at("/paths/~1v1~1shelves/post").has("security")).isFalse();
    assertThat(doc.at("/tags/0/description").asText()).isEqualTo("Shelves and books.");
  }

  private static List<String> names(JsonNode parameters, String in) {
    List<String> out = new ArrayList<>();
    parameters.forEach(p -> {
      if (p.get("in").asText().equals(in)) {
        out.add(p.get("name").asText());
      }
    });
    return out;
  }
}
