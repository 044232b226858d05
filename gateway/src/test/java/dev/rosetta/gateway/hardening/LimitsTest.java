package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Size limits, header count, pipelining depth and the connection limit, over raw sockets. */
class LimitsTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(1024)
        .withLimits(ConnectionLimits.DEFAULTS.withMaxHeaders(20).withMaxConnections(4))));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static RawHttp.Response exchange(String raw) throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(raw);
      return client.read();
    }
  }

  @Test
  void anOverlongRequestLineIsAJson414() throws Exception {
    RawHttp.Response response = exchange("GET /e2e/echo/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(response.status()).isEqualTo(414);
    assertThat(response.body()).contains("\"code\":3").contains("request line is longer than the limit of 8192 bytes");
  }

  @Test
  void anOversizedHeaderBlockIsAJson431() throws Exception {
    RawHttp.Response response = exchange("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(17_000) + "\r\n\r\n");
    assertThat(response.status()).isEqualTo(431);
    assertThat(response.body()).contains("request headers are larger than the limit of 16384 bytes");
  }

  @Test
  void tooManyHeaderFieldsIsAJson431NamingTheLimit() throws Exception {
    StringBuilder head = new StringBuilder("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < 25; i++) {
      head.append("X-H").append(i).append(": v\r\n");
    }
    RawHttp.Response response = exchange(head + "\r\n");
    assertThat(response.status()).isEqualTo(431);
    assertThat(response.body()).contains("too many header fields: 26, the limit is 20");
  }

  @Test
  void twentyHeaderFieldsAreFine() throws Exception {
    StringBuilder head = new StringBuilder("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < 19; i++) {
      head.append("X-H").append(i).append(": v\r\n");
    }
    assertThat(exchange(head + "\r\n").status()).isEqualTo(200);
  }

  @Test
  void aContentLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      // Only the head: the answer must not wait for a body it will never read.
      client.write("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 1025\r\n\r\n");
      RawHttp.Response response = client.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("\"code\":8").contains("larger than the limit of 1024 bytes");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void aClientStillSendingItsBodyReadsThe413() throws Exception {
    // The JDK client writes the whole body before it reads: were the connection closed with that
    // body unread, the kernel's reset would destroy the 413 on its way (LingeringClose).
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] body = new byte[4 * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) ' ');
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(harness.uri("/e2e/echo"))
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("round %d", i).isEqualTo(413);
      assertThat(response.body()).contains("larger than the limit of 1024 bytes");
    }
  }

  @Test
  void aChunkedBodyPassingTheLimitWhileStreamingIs413() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      String chunk = "400\r\n" + "x".repeat(1024) + "\r\n";
      client.write("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "1\r\n{\r\n" + chunk);
      RawHttp.Response response = client.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void fiftyPipelinedRequestsAreAnsweredInOrder() throws Exception {
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      // A mix: slow, fast, bodies and errors, so an out-of-order answer would show.
      switch (i % 4) {
        case 0 -> requests.append("GET /e2e/echo/r").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        case 1 -> requests.append("GET /e2e/sleep/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        case 2 -> {
          String body = "{\"id\":\"r" + i + "\"}";
          requests.append("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: ")
              .append(body.length()).append("\r\n\r\n").append(body);
        }
        default -> requests.append("GET /e2e/missing/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
      }
    }
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(requests.toString());
      List<RawHttp.Response> responses = client.readAll(50);
      for (int i = 0; i < 50; i++) {
        RawHttp.Response response = responses.get(i);
        switch (i % 4) {
          case 0, 2 -> assertThat(response.body()).isEqualTo("{\"id\":\"r" + i + "\"}");
          case 1 -> assertThat(response.body()).isEqualTo(i == 1 ? "{\"count\":1}" : "{\"count\":" + i + "}");
          default -> assertThat(response.body()).contains("no route for GET /e2e/missing/" + i);
        }
      }
    }
  }

  @Test
  void aConnectionOverTheLimitIsAnswered503AndClosedWhileOthersAreServed() throws Exception {
    List<RawHttp> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawHttp client = new RawHttp(harness.port());
        open.add(client);
        client.write("GET /e2e/echo/c" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(client.read().status()).isEqualTo(200);
      }
      try (RawHttp fifth = new RawHttp(harness.port())) {
        fifth.write("GET /e2e/echo/fifth HTTP/1.1\r\nHost: h\r\n\r\n");
        RawHttp.Response refused = fifth.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers()).containsEntry("connection", "close");
        assertThat(refused.body()).contains("\"code\":14").contains("too many connections");
        assertThat(fifth.closedByServer()).isTrue();
      }
      // The four keep being served.
      for (RawHttp client : open) {
        client.write("GET /e2e/echo/again HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(client.read().status()).isEqualTo(200);
      }
      open.remove(0).close();
      assertThat(servedWithinSeconds(3)).as("a slot frees when a connection closes").isTrue();
    } finally {
      for (RawHttp client : open) {
        client.close();
      }
    }
  }

  private static boolean servedWithinSeconds(int seconds) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      try (RawHttp client = new RawHttp(harness.port())) {
        client.write("GET /e2e/echo/later HTTP/1.1\r\nHost: h\r\n\r\n");
        RawHttp.Response response = client.read();
        if (response != null && response.status() == 200) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }
}
