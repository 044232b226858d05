package dev.rosetta.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One access log line per request, as JSON here; request ids that follow a request end to end. */
class AccessLogEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAccessLog(AccessLog.Format.JSON)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void theClientsRequestIdReachesTheBackendAndComesBack() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/metadata"))
        .header("X-Request-Id", "req-42").GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-request-id")).hasValue("req-42");
    assertThat(Json.parse(response.body(), MetadataResponse.getDefaultInstance()).getHeadersMap())
        .containsEntry("x-request-id", "req-42");
  }

  @Test
  void aRequestWithoutAnIdGetsAFreshOneEachTime() throws Exception {
    HttpResponse<String> first = harness.get("/e2e/metadata");
    HttpResponse<String> second = harness.get("/e2e/metadata");
    String id = first.headers().firstValue("x-request-id").orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(second.headers().firstValue("x-request-id")).isPresent().get().isNotEqualTo(id);
    assertThat(Json.parse(first.body(), MetadataResponse.getDefaultInstance()).getHeadersMap())
        .containsEntry("x-request-id", id);
  }

  @Test
  void errorsTheGatewayAnswersItselfCarryTheRequestIdToo() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/nowhere"))
        .header("X-Request-Id", "lost-1").GET());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("x-request-id")).hasValue("lost-1");
  }

  @Test
  void anUnusableRequestIdIsReplaced() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo/x"))
        .header("X-Request-Id", "x".repeat(200)).GET());
    assertThat(response.headers().firstValue("x-request-id")).isPresent().get().asString().matches("[0-9a-f]{32}");
  }

  @Test
  void eachRequestLogsOneJsonLineWithRouteStatusBytesAndId() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/fail"))
          .header("Content-Type", "application/json").header("X-Request-Id", "log-me")
          .POST(HttpRequest.BodyPublishers.ofString("{\"code\":7,\"message\":\"no\"}")));
      assertThat(response.statusCode()).isEqualTo(403);
      // The line is written when the response is handed to the socket: wait for it, bounded.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (line(captured, "log-me").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      System.setErr(original);
    }
    String line = line(captured, "log-me").orElseThrow(() -> new AssertionError("no access log line in " + captured));
    assertThat(line).contains(" INFO access - {");
    Struct.Builder json = Struct.newBuilder();
    JsonFormat.parser().merge(line.substring(line.indexOf('{')), json);
    var fields = json.build().getFieldsMap();
    assertThat(fields.get("method").getStringValue()).isEqualTo("POST");
    assertThat(fields.get("path").getStringValue()).isEqualTo("/e2e/fail");
    assertThat(fields.get("route").getStringValue()).isEqualTo("/e2e/fail");
    assertThat(fields.get("status").getNumberValue()).isEqualTo(403);
    assertThat(fields.get("grpcCode").getStringValue()).isEqualTo("PERMISSION_DENIED");
    assertThat(fields.get("bytesIn").getNumberValue()).isEqualTo("{\"code\":7,\"message\":\"no\"}".length());
    assertThat(fields.get("bytesOut").getNumberValue()).isGreaterThan(10);
    assertThat(fields.get("latencyMs").getNumberValue()).isPositive();
    assertThat(fields.get("requestId").getStringValue()).isEqualTo("log-me");
    assertThat(fields.get("protocol").getStringValue()).isEqualTo("http/1.1");
    assertThat(Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(" access - {") && l.contains("log-me"))).hasSize(1);
  }

  private static Optional<String> line(ByteArrayOutputStream captured, String id) {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(" access - {") && l.contains("\"" + id + "\"")).findFirst();
  }
}
