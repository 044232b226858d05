package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.DemoProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --with-auth} as a real process, and the README's tour of it: a write without a
 * token is 401, the same write with the token the demo printed succeeds, and reads past 20 a
 * second from one client are 429; stopped, it leaves none of its key files behind.
 */
class DemoWithAuthEndToEndTest {
  static DemoProcess demo;
  static String token;
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    demo = DemoProcess.start("--with-auth");
    String line = demo.awaitLine(l -> l.startsWith("token: "));
    token = line.substring("token: ".length()).strip();
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDemoPrintsOneWellFormedTokenOnALineOfItsOwn() {
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void aWriteNeedsTheTokenAndSucceedsWithIt() throws Exception {
    HttpRequest.Builder create = request("/v1/shelves?shelf_id=poetry").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"theme\": \"Poetry\"}"));

    HttpResponse<String> refused = send(create);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"rosetta\"");
    assertThat(refused.body()).isEqualTo("{\"code\":16,\"message\":\"a bearer token is required\",\"details\":[]}");

    HttpResponse<String> created = send(create.header("Authorization", "Bearer " + token));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).contains("\"name\":\"shelves/poetry\"", "\"theme\":\"Poetry\"");
  }

  @Test
  void readsAreOpenButLimitedPerClient() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 200 && (last == null || last.statusCode() != 429); i++) {
      last = send(request("/v1/shelves/scifi/books/dune").GET());
      statuses.add(last.statusCode());
    }

    assertThat(statuses.get(0)).as("a read needs no token").isEqualTo(200);
    assertThat(last.statusCode()).as("more than 20 reads at once: " + statuses).isEqualTo(429);
    assertThat(last.headers().firstValue("retry-after")).hasValue("1");
    assertThat(last.headers().firstValue("ratelimit-policy")).hasValue("\"reads\";q=20;w=1");
    assertThat(last.body()).startsWith("{\"code\":8,\"message\":\"rate limit 'reads' exceeded");
  }

  /**
   * The policy and JWKS files the demo writes go when it stops on SIGTERM (they once stayed: the
   * stop ends in {@code Runtime.halt}, which skips the JVM's delete-on-exit).
   */
  @Test
  void aStoppedDemoLeavesNoFilesBehind(@TempDir Path tmp) throws Exception {
    DemoProcess other = DemoProcess.start(tmp, "--with-auth");
    try {
      assertThat(entries(tmp)).as("the demo's key files while it runs").anyMatch(p -> p.startsWith("rosetta-demo-auth"));
    } finally {
      other.close();
    }
    assertThat(entries(tmp)).as("what the stopped demo left in its temporary directory").isEmpty();
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
