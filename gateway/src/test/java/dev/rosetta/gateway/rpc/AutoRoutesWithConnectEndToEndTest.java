package dev.rosetta.gateway.rpc;

import static dev.rosetta.gateway.rpc.ConnectEndToEndTest.field;
import static dev.rosetta.gateway.rpc.ConnectEndToEndTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.gateway.CompatOptions;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.testing.LibraryGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code --auto-routes} and Connect share {@code /package.Service/Method} (docs/protocols.md,
 * "Which protocol a request speaks", step 4), end to end: the example API with every {@code
 * google.api.http} rule taken out, so each method's only REST route is its auto route, behind a
 * gateway with the switch on. A plain JSON POST is REST's (google.rpc.Status errors with numeric
 * codes, server streams as a JSON array); the same POST with {@code Connect-Protocol-Version}, an
 * {@code application/proto} body, a {@code application/connect+*} stream or the GET form is
 * Connect's (its error form, its envelopes).
 */
class AutoRoutesWithConnectEndToEndTest {
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String NOPE = "{\"name\":\"shelves/nope\"}";
  @TempDir static Path dir;
  static LibraryGateway library;

  @BeforeAll
  static void start() throws Exception {
    Path withoutRules = dir.resolve("library-without-rules.pb");
    Files.write(withoutRules, exampleApiWithoutRules().toByteArray());
    library = LibraryGateway.start(withoutRules.toString(), c -> c.withCompat(CompatOptions.DEFAULTS.withAutoRoutes(true)));
  }

  @AfterAll
  static void stop() {
    library.close();
  }

  /** The example API's descriptor set with the google.api.http option taken off every method. */
  static FileDescriptorSet exampleApiWithoutRules() throws Exception {
    ExtensionRegistry extensions = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(extensions);
    FileDescriptorSet set;
    try (InputStream in = ExampleBackend.class.getClassLoader().getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      set = FileDescriptorSet.parseFrom(in, extensions);
    }
    FileDescriptorSet.Builder stripped = set.toBuilder();
    for (FileDescriptorProto.Builder file : stripped.getFileBuilderList()) {
      for (ServiceDescriptorProto.Builder service : file.getServiceBuilderList()) {
        for (MethodDescriptorProto.Builder method : service.getMethodBuilderList()) {
          method.getOptionsBuilder().clearExtension(AnnotationsProto.http);
        }
      }
    }
    return stripped.build();
  }

  static HttpResponse<String> post(String method, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(library.rpc(method)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(java.time.Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
  }

  static HttpResponse<String> postJson(String method, String json, String... headers) throws Exception {
    return post(method, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Test
  void everyMethodHasItsAutoRouteAndNoOtherRestRoute() {
    assertThat(library.gateway.routes().routes()).hasSize(LibraryServiceGrpc.getServiceDescriptor().getMethods().size())
        .allSatisfy(route -> {
          assertThat(route.isAutoRoute()).as(route.source()).isTrue();
          assertThat(route.toString()).isEqualTo("POST /" + LibraryGateway.SERVICE + "/" + route.method().getName());
          assertThat(route.source()).endsWith(Route.AUTO_ROUTE);
        });
  }

  @Test
  void aPlainJsonPostIsRestsAndSoIsItsError() throws Exception {
    HttpResponse<String> shelf = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}");
    assertThat(shelf.statusCode()).isEqualTo(200);
    assertThat(shelf.body()).contains("\"theme\":\"Science fiction\"");
    assertThat(shelf.headers().firstValue("grpc-metadata-x-library-server")).as("REST's metadata header")
        .hasValue("rosetta-example");

    HttpResponse<String> error = postJson("GetShelf", NOPE);
    assertThat(error.statusCode()).isEqualTo(404);
    assertThat(field(error.body(), "code")).as("google.rpc.Status: a number").isEqualTo("5");
    assertThat(field(error.body(), "details.0.@type")).isEqualTo("type.googleapis.com/google.rpc.ResourceInfo");
  }

  @Test
  void theSamePostWithConnectProtocolVersionIsConnectsAndSoIsItsError() throws Exception {
    HttpResponse<String> shelf = postJson("GetShelf", "{\"name\":\"shelves/scifi\"}", "Connect-Protocol-Version", "1");
    assertThat(shelf.statusCode()).isEqualTo(200);
    assertThat(shelf.headers().firstValue("x-library-server")).as("Connect's metadata header").hasValue("rosetta-example");

    HttpResponse<String> error = postJson("GetShelf", NOPE, "Connect-Protocol-Version", "1");
    assertThat(error.statusCode()).isEqualTo(404);
    assertThat(field(error.body(), "code")).as("Connect's error: a name").isEqualTo("not_found");
    assertThat(field(error.body(), "details.0.type")).isEqualTo("google.rpc.ResourceInfo");
  }

  @Test
  void aProtoBodyIsConnectsWithoutTheHeader() throws Exception {
    HttpResponse<String> response = post("GetShelf", "application/proto",
        GetShelfRequest.newBuilder().setName("shelves/scifi").build().toByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/proto");
    assertThat(Shelf.parseFrom(response.body().getBytes(StandardCharsets.ISO_8859_1)).getTheme()).isEqualTo("Science fiction");
  }

  @Test
  void theGetFormStaysConnectsSinceAutoRoutesArePosts() throws Exception {
    URI uri = URI.create(library.rpc("GetShelf") + "?connect=v1&encoding=json&message="
        + URLEncoder.encode("{\"name\":\"shelves/scifi\"}", StandardCharsets.UTF_8));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"theme\":\"Science fiction\"");
  }

  @Test
  void aServerStreamIsAJsonArrayOverRestAndEnvelopesOverConnect() throws Exception {
    String watch = "{\"parent\":\"shelves/fiction\"}";
    HttpResponse<String> rest = postJson("WatchBooks", watch);
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(rest.body()).startsWith("[{\"name\":\"shelves/fiction/books/").endsWith("]");

    HttpResponse<String> connect = post("WatchBooks", "application/connect+json", Frames.frame(watch));
    assertThat(connect.statusCode()).isEqualTo(200);
    Frames frames = Frames.parse(connect.body().getBytes(StandardCharsets.ISO_8859_1));
    assertThat(frames.messages()).hasSize(3);
    assertThat(frames.last().flags()).as("Connect's end-of-stream message").isEqualTo(0x02);
  }

  @Test
  void aClientStreamIsNdjsonOverRestAndEnvelopesOverConnect() throws Exception {
    String book = "{\"parent\":\"shelves/history\",\"book\":{\"title\":\"%s\"}}";
    HttpResponse<String> rest = post("ImportBooks", "application/x-ndjson",
        (book.formatted("Rest One") + "\n" + book.formatted("Rest Two") + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(rest.body()).contains("\"created\":2");

    HttpResponse<String> connect = post("ImportBooks", "application/connect+json",
        Frames.concat(Frames.frame(book.formatted("Connect One")), Frames.frame(book.formatted("Connect Two"))));
    assertThat(connect.statusCode()).isEqualTo(200);
    Frames frames = Frames.parse(connect.body().getBytes(StandardCharsets.ISO_8859_1));
    assertThat(frames.messages()).singleElement().satisfies(m -> assertThat(m.text()).contains("\"created\":2"));
  }
}
