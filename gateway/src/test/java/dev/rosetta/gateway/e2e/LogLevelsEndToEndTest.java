package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.StderrCapture;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's bad requests are not server events: with the access log off (the default), the 4xx
 * and 5xx answers of the gateway and of the backend write nothing at INFO or above, so no client
 * can fill the disk with them (docs/operations.md).
 */
class LogLevelsEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void errorAnswersWriteNoLogLineWhenTheAccessLogIsOff() throws Exception {
    try (StderrCapture stderr = new StderrCapture()) {
      assertThat(harness.get("/nowhere").statusCode()).isEqualTo(404);
      assertThat(harness.send("DELETE", "/e2e/fail", null).statusCode()).isEqualTo(405);
      assertThat(harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo")).header("Content-Type", "text/xml")
          .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode()).isEqualTo(415);
      assertThat(harness.send("POST", "/e2e/echo", "{\"nope\":1}").statusCode()).isEqualTo(400);
      assertThat(harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo/1")).header("Grpc-Timeout", "soon").GET())
          .statusCode()).isEqualTo(400);
      assertThat(harness.send("POST", "/e2e/fail", "{\"code\":13,\"message\":\"backend fault\"}").statusCode())
          .isEqualTo(500);
      assertThat(harness.send("POST", "/e2e/fail", "{\"code\":5,\"message\":\"gone\"}").statusCode()).isEqualTo(404);
      assertThat(stderr.lines()).noneMatch(line -> line.contains(" http - ")).noneMatch(line -> line.contains("gone"));
    }
  }
}
