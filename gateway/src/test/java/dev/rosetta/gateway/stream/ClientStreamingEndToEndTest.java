package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.StreamHarness;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client-streaming (and plain-HTTP bidirectional) RPCs: the request body is a stream of messages. */
class ClientStreamingEndToEndTest {
  /** Far below the uploads below: a streamed upload is bounded per message, not as a whole. */
  private static final int MAX_BODY = 64 * 1024;
  private static StreamHarness gw;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> {
      ServerOptions s = c.server();
      return c.withServer(s.withMaxBodyBytes(MAX_BODY));
    });
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body)
      throws Exception {
    return gw.client.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", contentType)
        .timeout(Duration.ofSeconds(30)).POST(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "application/json     | [{\"n\":1},{\"n\":2},{\"n\":3}]                | 200 | {\"sum\":\"6\",\"count\":\"3\",\"label\":\"shelf\"}",
      "application/json     | ' [ {\"n\":\"4\"} ,\\n{\"n\":5, \"payload\":\"a]}\\\"[{\"} ] ' | 200 | {\"sum\":\"9\",\"count\":\"2\",\"label\":\"shelf\"}",
      "application/json     | []                                          | 200 | {}",
      "application/x-ndjson | {\"n\":1}\\n{\"n\":2}\\n                     | 200 | {\"sum\":\"3\",\"count\":\"2\",\"label\":\"shelf\"}",
      "application/x-ndjson | {\"n\":7}                                    | 200 | {\"sum\":\"7\",\"count\":\"1\",\"label\":\"shelf\"}",
      // grpc-gateway's framing: JSON values one after another, no '[' first.
      "application/json     | {\"n\":1}                                    | 200 | {\"sum\":\"1\",\"count\":\"1\",\"label\":\"shelf\"}",
      "application/json     | {\"n\":1}\\n{\"n\":2}{\"n\":3}\\n            | 200 | {\"sum\":\"6\",\"count\":\"3\",\"label\":\"shelf\"}",
      "application/json     | ''                                          | 200 | {}",
      "application/json     | {\"n\":1},{\"n\":2}                          | 400 | expected a message in the request stream, found ','",
      "application/json     | [{\"n\":1},{\"n\":2}                         | 400 | ended before the closing ']'",
      "application/json     | [{\"n\":1} {\"n\":2}]                         | 400 | expected ',' or ']' after message 1",
      "application/x-ndjson | {\"n\":1}\\n{\"nope\":2}\\n                  | 400 | nope",
      "text/xml             | []                                          | 415 | application/x-ndjson",
      // curl -d's type, read as JSON (docs/migrating.md); curl -d drops the newlines of a file
      "application/x-www-form-urlencoded | {\"n\":1}{\"n\":2}            | 200 | {\"sum\":\"3\",\"count\":\"2\",\"label\":\"shelf\"}",
  })
  void uploadIsCutIntoMessages(String contentType, String body, int status, String expected) throws Exception {
    HttpResponse<String> response = post("/stream/shelf/sum", contentType,
        HttpRequest.BodyPublishers.ofString(body.replace("\\n", "\n")));
    assertThat(response.statusCode()).isEqualTo(status);
    if (status == 200) {
      assertThat(response.body()).isEqualTo(expected);
    } else {
      assertThat(response.body()).contains(expected);
    }
  }

  @Test
  void hundredMegabyteUploadStreamsThroughAGatewayWithA64KiBBodyLimit() throws Exception {
    String payload = "p".repeat(1000);
    int messages = 100_000; // ~101 MB of NDJSON
    Enumeration<InputStream> lines = new Enumeration<>() {
      int n;

      @Override
      public boolean hasMoreElements() {
        return n < messages;
      }

      @Override
      public InputStream nextElement() {
        n++;
        return new java.io.ByteArrayInputStream(("{\"n\":1,\"payload\":\"" + payload + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    };
    HttpResponse<String> response = post("/stream/big/sum", "application/x-ndjson",
        HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(lines)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"sum\":\"100000\",\"count\":\"100000\",\"label\":\"big\"}");
  }

  @Test
  void messageLargerThanTheBodyLimitIsRejected() throws Exception {
    String big = "{\"n\":1,\"payload\":\"" + "q".repeat(MAX_BODY) + "\"}\n";
    HttpResponse<String> response = post("/stream/x/sum", "application/x-ndjson", HttpRequest.BodyPublishers.ofString(big));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("larger than the limit of 65536 bytes");
  }

  @Test
  void bidirectionalMethodOverPlainHttpStreamsItsAnswers() throws Exception {
    HttpResponse<String> response = gw.client.send(HttpRequest.newBuilder(gw.uri("/stream/chat"))
        .header("Content-Type", "application/x-ndjson").header("Accept", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}\n{\"n\":2}\n")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"n\":\"10\"}\n{\"n\":\"20\"}\n");
  }
}
