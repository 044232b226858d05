package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.Curl;
import dev.rosetta.gateway.testing.DemoProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code java -jar gateway.jar demo}, run as a real process (on a
 * free port), and the README's curl tour against it.
 */
class DemoEndToEndTest {
  static DemoProcess demo;
  static int port;
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    demo = DemoProcess.start();
    port = demo.port();
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  private static HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.method(method, json == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsTheSeededShelves() throws Exception {
    HttpResponse<String> response = call("GET", "/v1/shelves", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"shelves/fiction\"", "\"name\":\"shelves/scifi\"", "\"createTime\":\"2024-01-01T00:00:00Z\"");
  }

  @Test
  void getsABookByNameAndByItsAdditionalBinding() throws Exception {
    String byName = call("GET", "/v1/shelves/scifi/books/dune", null).body();
    assertThat(byName).contains("\"title\":\"Dune\"", "\"isbn\":\"9780441172719\"", "\"genre\":\"SCIENCE_FICTION\"");
    assertThat(call("GET", "/v1/books/scifi/dune", null).body()).isEqualTo(byName);
  }

  @Test
  void filtersWithQueryParameters() throws Exception {
    HttpResponse<String> response = call("GET", "/v1/shelves/fiction/books?tags=classic&tags=american&page_size=1", null);
    assertThat(response.body()).contains("\"title\":\"Beloved\"").contains("nextPageToken").contains("\"totalSize\":2");
  }

  @Test
  void responseBodyReturnsOnlyTheAuthor() throws Exception {
    assertThat(call("GET", "/v1/shelves/history/books/spqr/author", null).body())
        .isEqualTo("{\"displayName\":\"Mary Beard\",\"birthYear\":1955}");
  }

  @Test
  void createsPatchesAndDeletesABook() throws Exception {
    HttpResponse<String> created = call("POST", "/v1/shelves/history/books", "{\"title\": \"The Histories\"}");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).contains("\"name\":\"shelves/history/books/the-histories\"");
    HttpResponse<String> patched = call("PATCH", "/v1/shelves/history/books/the-histories?update_mask=price", "{\"price\": 7.5}");
    assertThat(patched.body()).contains("\"price\":7.5");
    assertThat(call("DELETE", "/v1/shelves/history/books/the-histories", null).body()).isEqualTo("{}");
    assertThat(call("GET", "/v1/shelves/history/books/the-histories", null).statusCode()).isEqualTo(404);
  }

  @Test
  void checkingOutALentBookFailsWithDetails() throws Exception {
    HttpResponse<String> response = call("POST", "/v1/shelves/scifi/books/neuromancer:checkout", "{\"borrower\": \"grace\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":9", "\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\"",
        "\"reason\":\"BOOK_ALREADY_CHECKED_OUT\"", "google.rpc.PreconditionFailure");
  }

  @Test
  void searchesWithTheCustomMethod() throws Exception {
    assertThat(call("SEARCH", "/v1/books", "{\"query\": \"dune\"}").body()).contains("\"title\":\"Dune\"");
  }

  /** The tour's bodies as the README sends them: curl's -d, no --json (issue 12). */
  @Test
  void theToursCurlDashDCommandsWork() throws Exception {
    String base = "http://127.0.0.1:" + port;
    assertThat(Curl.run("-X", "SEARCH", "-d", "{\"query\": \"dune\"}", base + "/v1/books")).contains("\"title\":\"Dune\"");
    assertThat(Curl.run("-d", "{\"title\": \"Solaris\"}", base + "/v1/shelves/scifi/books"))
        .contains("\"name\":\"shelves/scifi/books/solaris\"");
    assertThat(Curl.run("-X", "PATCH", "-d", "{\"price\": 7.5}", base + "/v1/shelves/scifi/books/solaris?update_mask=price"))
        .contains("\"price\":7.5");
    assertThat(Curl.run("-X", "DELETE", base + "/v1/shelves/scifi/books/solaris")).isEqualTo("{}");
    assertThat(Curl.run("-i", "-d", "{\"borrower\": \"grace\"}", base + "/v1/shelves/scifi/books/neuromancer:checkout"))
        .startsWith("HTTP/1.1 400").contains("\"reason\":\"BOOK_ALREADY_CHECKED_OUT\"");
  }

  @Test
  void readsAnAttachmentByADeepPath() throws Exception {
    assertThat(call("GET", "/v1/shelves/scifi/books/dune/attachments/notes/2024/review.txt", null).body())
        .contains("\"path\":\"notes/2024/review.txt\"");
  }
}
