package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.DemoProcess;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The streaming tour of docs/streaming.md, run against {@code gateway.jar demo} as a real process. */
class DemoStreamingEndToEndTest {
  private static DemoProcess demo;
  private static int port;
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    demo = DemoProcess.start();
    port = demo.port();
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  @Test
  void watchBooksStreamsTheShelfAsServerSentEvents() throws Exception {
    HttpResponse<String> response = send(at("/v1/shelves/scifi/books:watch?interval=0.05s")
        .header("Accept", "text/event-stream"));
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(response.body().split("\n\n")).hasSize(3)
        .allMatch(event -> event.startsWith("data: {\"name\":\"shelves/scifi/books/"));
  }

  @Test
  void importBooksTakesAnNdjsonUpload() throws Exception {
    HttpResponse<String> response = send(at("/v1/shelves/fiction/books:import")
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Ariel\"}\n{\"title\":\"Howl\"}\n")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"created\":2,\"names\":[\"shelves/fiction/books/");
  }

  @Test
  void bookCoverIsServedAsAGif() throws Exception {
    HttpResponse<byte[]> response = client.send(at("/v1/shelves/scifi/books/dune/cover").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-type")).hasValue("image/gif");
    assertThat(new String(response.body(), 0, 6, StandardCharsets.ISO_8859_1)).isEqualTo("GIF89a");
  }

  @Test
  void librarianAnswersOverWebSocket() throws Exception {
    WebSocketRecorder librarian = new WebSocketRecorder(client, URI.create("ws://127.0.0.1:" + port + "/v1/librarian:ask"));
    librarian.send("{\"query\":\"dune\"}").send("");
    // One answer, then a normal close (1000).
    assertThat(librarian.rest()).startsWith(
        "{\"text\":\"I found 1 book on \\\"dune\\\".\",\"titles\":[\"Dune\"],\"questionNumber\":1} | 1000");
  }
}
