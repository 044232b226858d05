package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.RuntimeOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.tracing.TracingOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body budget on a gateway whose budget (300 bytes) is below its body limit (1 KiB): a body
 * that does not fit is answered 503 RESOURCE_EXHAUSTED with Retry-After, whether its length is
 * declared or it comes chunked, and what a body held is given back once it is answered.
 */
class BodyBudgetEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(1024))
        .withRuntime(new RuntimeOptions(TracingOptions.OFF, 300, 0)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static String body(int length) {
    return "{\"id\":\"" + "x".repeat(length - 9) + "\"}";
  }

  @Test
  void aDeclaredBodyOverTheBudgetIs503WithRetryAfterAndTheReason() throws Exception {
    HttpResponse<String> response = harness.send("POST", "/e2e/echo", body(400));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
    assertThat(response.body()).startsWith("{\"code\":8,\"message\":\"the gateway holds as many request bodies");
  }

  @Test
  void aChunkedBodyIsRefusedAtTheChunkThatPassesTheBudgetAndTheConnectionServesTheNextRequest() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      String first = body(400).substring(0, 200);
      String rest = body(400).substring(200);
      raw.write("POST /e2e/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(first.length()) + "\r\n" + first + "\r\n"
          + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n"
          + "GET /e2e/echo/after HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response refused = raw.read();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().get("retry-after")).isEqualTo("1");
      RawHttp.Response next = raw.read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("{\"id\":\"after\"}");
    }
  }

  @Test
  void aBodyThatFitsIsServedAndWhatItHeldIsGivenBack() throws Exception {
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = harness.send("POST", "/e2e/echo", body(300));
      assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
    }
  }

  @Test
  void aServerStreamsBodyIsBoundedByTheSameBudget() throws Exception {
    try (StreamHarness streams = StreamHarness.start(c -> c.withRuntime(new RuntimeOptions(TracingOptions.OFF, 30, 0)))) {
      HttpResponse<String> refused = streams.client.send(java.net.http.HttpRequest.newBuilder(streams.uri("/stream/count"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"count\":2,\"delayMillis\":0,\"failCode\":0}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      HttpResponse<String> served = streams.client.send(java.net.http.HttpRequest.newBuilder(streams.uri("/stream/count"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"count\":2}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).isEqualTo("[{\"n\":\"1\"},{\"n\":\"2\"}]");
    }
  }
}
