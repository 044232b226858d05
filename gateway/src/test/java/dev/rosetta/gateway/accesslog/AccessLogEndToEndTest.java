package dev.rosetta.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.logging.LogOptions;
import dev.rosetta.gateway.logging.Logging;
import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.Json;
import dev.rosetta.gateway.testing.StderrCapture;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    assertThat(fields.get("http.request.method").getStringValue()).isEqualTo("POST");
    assertThat(fields.get("url.path").getStringValue()).isEqualTo("/e2e/fail");
    assertThat(fields).doesNotContainKey("url.query");
    assertThat(fields.get("http.route").getStringValue()).isEqualTo("/e2e/fail");
    assertThat(fields.get("rpc.method").getStringValue()).isEqualTo("rosetta.test.e2e.v1.EchoService/Fail");
    assertThat(fields.get("http.response.status_code").getNumberValue()).isEqualTo(403);
    assertThat(fields.get("rpc.grpc.status_code").getNumberValue()).isEqualTo(7);
    assertThat(fields.get("network.protocol.name").getStringValue()).isEqualTo("http");
    assertThat(fields.get("network.protocol.version").getStringValue()).isEqualTo("1.1");
    assertThat(fields.get("client.address").getStringValue()).isEqualTo("127.0.0.1");
    assertThat(fields.get("http.request.body.size").getNumberValue()).isEqualTo("{\"code\":7,\"message\":\"no\"}".length());
    assertThat(fields.get("http.response.body.size").getNumberValue()).isGreaterThan(10);
    assertThat(fields.get("http.server.request.duration").getNumberValue()).isPositive();
    assertThat(fields.get("rosetta.request_id").getStringValue()).isEqualTo("log-me");
    assertThat(fields).doesNotContainKey("rosetta.reason").doesNotContainKey("trace_id");
    assertThat(Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(" access - {") && l.contains("log-me"))).hasSize(1);
  }

  /**
   * {@code network.protocol.version} is the HTTP version the request came in, whatever rides on
   * it: a native gRPC call (HTTP/2, h2c here) logs {@code 2} beside {@code rosetta.protocol}
   * {@code grpc}, where the RPC protocol's label once made it {@code 1.1}; an HTTP/1.0 request
   * logs {@code 1.0}.
   */
  @Test
  void eachLineNamesTheHttpVersionTheRequestCameIn() throws Exception {
    try (StderrCapture log = new StderrCapture()) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", harness.port()).usePlaintext().build();
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "version-grpc");
        EchoMessage answer = EchoServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .echo(EchoMessage.newBuilder().setId("over-h2").build());
        assertThat(answer.getId()).isEqualTo("over-h2");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      try (Socket socket = new Socket("127.0.0.1", harness.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /e2e/metadata HTTP/1.0\r\nX-Request-Id: version-http10\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        // Answered in HTTP/1.1's status line, as servers may (RFC 9110, section 6.2), and closed.
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
            .startsWith("HTTP/1.1 200").contains("connection: close");
      }
      Map<String, String> expected = Map.of("version-grpc", "2", "version-http10", "1.0");
      for (var call : expected.entrySet()) {
        Eventually.eventually("the access log line of " + call.getKey(), Duration.ofSeconds(5),
            () -> log.lines().stream().anyMatch(l -> l.contains(" access - {") && l.contains("\"" + call.getKey() + "\"")));
        String line = log.lines().stream().filter(l -> l.contains(" access - {") && l.contains("\"" + call.getKey() + "\""))
            .findFirst().orElseThrow();
        Struct.Builder json = Struct.newBuilder();
        JsonFormat.parser().merge(line.substring(line.indexOf('{')), json);
        var fields = json.build().getFieldsMap();
        assertThat(fields.get("network.protocol.version").getStringValue()).as(call.getKey()).isEqualTo(call.getValue());
      }
      String grpcLine = log.lines().stream().filter(l -> l.contains("\"version-grpc\"")).findFirst().orElseThrow();
      assertThat(grpcLine).contains("\"rosetta.protocol\":\"grpc\"");
    }
  }

  private static Optional<String> line(ByteArrayOutputStream captured, String id) {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> l.contains(" access - {") && l.contains("\"" + id + "\"")).findFirst();
  }

  /**
   * With the JSON log format, the fields are top-level fields of the log line (logback's key/value
   * pairs), beside the message, and a gateway-made error carries its reason.
   */
  @Test
  void inTheJsonLogFormatTheFieldsAreTopLevelAndAGatewayErrorNamesItsReason() throws Exception {
    Logging.apply(LogOptions.of(LogOptions.Format.JSON, List.of()));
    try (StderrCapture log = new StderrCapture()) {
      HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/nowhere?x=1"))
          .header("X-Request-Id", "top-level").GET());
      assertThat(response.statusCode()).isEqualTo(404);
      Eventually.eventually("the access log line", Duration.ofSeconds(5),
          () -> log.lines().stream().anyMatch(l -> l.contains("\"rosetta.request_id\":\"top-level\"")));
      String line = log.lines().stream().filter(l -> l.contains("\"rosetta.request_id\":\"top-level\"")).findFirst()
          .orElseThrow();
      Struct.Builder json = Struct.newBuilder();
      JsonFormat.parser().merge(line, json);
      var fields = json.build().getFieldsMap();
      assertThat(fields.get("logger").getStringValue()).isEqualTo("rosetta.access");
      assertThat(fields.get("http.request.method").getStringValue()).isEqualTo("GET");
      assertThat(fields.get("url.path").getStringValue()).isEqualTo("/nowhere");
      assertThat(fields.get("url.query").getStringValue()).isEqualTo("x=1");
      assertThat(fields.get("http.response.status_code").getNumberValue()).isEqualTo(404);
      assertThat(fields.get("rosetta.reason").getStringValue()).isEqualTo("no_route");
      assertThat(fields).doesNotContainKey("http.route");
    } finally {
      Logging.apply(LogOptions.defaults());
    }
  }
}
