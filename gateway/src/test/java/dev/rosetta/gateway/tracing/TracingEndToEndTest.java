package dev.rosetta.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.RuntimeOptions;
import dev.rosetta.gateway.accesslog.AccessLog;
import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.Json;
import dev.rosetta.gateway.testing.OtlpReceiver;
import dev.rosetta.gateway.testing.StderrCapture;
import dev.rosetta.gateway.testing.StreamHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces end to end: a gateway with tracing on, a real gRPC backend, and a real OTLP receiver
 * (the collector's TraceService over gRPC) that the gateway's exporter sends its spans to.
 */
class TracingEndToEndTest {
  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  static OtlpReceiver receiver;
  static GatewayHarness harness;

  static TracingOptions tracing(OtlpReceiver receiver, String protocol) {
    return new TracingOptions(true, receiver.endpoint(), protocol, 1.0, "books-gateway",
        Map.of("deployment.environment", "test"), Map.of());
  }

  @BeforeAll
  static void start() throws Exception {
    receiver = OtlpReceiver.grpc();
    harness = GatewayHarness.start(c -> c.withRuntime(new RuntimeOptions(tracing(receiver, TracingOptions.GRPC), 0, 0))
        .withOperations(OperationsOptions.defaults().withAccessLog(AccessLog.Format.TEXT)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    receiver.close();
  }

  @Test
  void theServerSpanContinuesTheClientsTraceAndTheBackendCallIsItsChildWhoseContextReachesTheBackend()
      throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/metadata?id=1"))
        .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
        .header("tracestate", "vendor=abc")
        .header("baggage", "tenant=acme")
        .header("X-Request-Id", "traced-1").GET());
    assertThat(response.statusCode()).isEqualTo(200);

    OtlpReceiver.Received server = receiver.await("of the request",
        s -> s.traceId().equals(CLIENT_TRACE) && s.span().getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.name()).isEqualTo("GET /e2e/metadata");
    assertThat(server.parentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(server.attribute("http.request.method")).hasValue("GET");
    assertThat(server.attribute("http.route")).hasValue("/e2e/metadata");
    assertThat(server.attribute("url.path")).hasValue("/e2e/metadata");
    assertThat(server.attribute("url.query")).hasValue("id=1");
    assertThat(server.attribute("http.response.status_code")).hasValue("200");
    assertThat(server.attribute("client.address")).hasValue("127.0.0.1");
    assertThat(server.attribute("network.protocol.version")).hasValue("1.1");
    assertThat(server.attribute("rosetta.request_id")).hasValue("traced-1");
    assertThat(server.attribute("rosetta.reason")).isEmpty();
    assertThat(server.span().getStatus().getCode().getNumber()).isZero(); // unset
    assertThat(server.resourceAttribute("service.name")).hasValue("books-gateway");
    assertThat(server.resourceAttribute("deployment.environment")).hasValue("test");

    OtlpReceiver.Received call = receiver.await("of the backend call",
        s -> s.traceId().equals(CLIENT_TRACE) && s.span().getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(call.name()).isEqualTo("rosetta.test.e2e.v1.EchoService/Metadata");
    assertThat(call.parentSpanId()).isEqualTo(server.spanId());
    assertThat(call.attribute("rpc.system.name")).hasValue("grpc");
    assertThat(call.attribute("rpc.method")).hasValue("rosetta.test.e2e.v1.EchoService/Metadata");
    assertThat(call.attribute("rpc.grpc.status_code")).hasValue("0");

    // The backend's parent is the client span; the client's tracestate and baggage travel on.
    Map<String, String> received = Json.parse(response.body(), MetadataResponse.getDefaultInstance()).getHeadersMap();
    assertThat(received.get("traceparent")).isEqualTo("00-" + CLIENT_TRACE + "-" + call.spanId() + "-01");
    assertThat(received.get("tracestate")).isEqualTo("vendor=abc");
    assertThat(received.get("baggage")).isEqualTo("tenant=acme");
  }

  @Test
  void anRpcClientsServerSpanNamesItsRpcSystemAndARestClientsDoesNot() throws Exception {
    HttpResponse<String> connect = harness.send(HttpRequest.newBuilder(harness.uri("/rosetta.test.e2e.v1.EchoService/Echo"))
        .header("Content-Type", "application/json").header("Connect-Protocol-Version", "1")
        .header("X-Request-Id", "connect-1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"over-connect\"}")));
    assertThat(connect.statusCode()).isEqualTo(200);
    assertThat(connect.body()).contains("over-connect");
    OtlpReceiver.Received server = receiver.await("of the Connect call",
        s -> s.attribute("rosetta.request_id").orElse("").equals("connect-1"));
    assertThat(server.attribute("rpc.system.name")).hasValue("connectrpc");
    assertThat(server.attribute("rpc.method")).hasValue("rosetta.test.e2e.v1.EchoService/Echo");

    HttpResponse<String> rest = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo/plain"))
        .header("X-Request-Id", "rest-1").GET());
    assertThat(rest.statusCode()).isEqualTo(200);
    OtlpReceiver.Received restServer = receiver.await("of the REST request",
        s -> s.attribute("rosetta.request_id").orElse("").equals("rest-1"));
    assertThat(restServer.attribute("rpc.system.name")).isEmpty();
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceAndTheAccessLogLineCarriesItsId() throws Exception {
    HttpResponse<String> response;
    try (StderrCapture log = new StderrCapture()) {
      response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo/fresh")).header("X-Request-Id", "fresh-1").GET());
      assertThat(response.statusCode()).isEqualTo(200);
      OtlpReceiver.Received server = receiver.await("of a fresh request",
          s -> s.attribute("rosetta.request_id").orElse("").equals("fresh-1"));
      assertThat(server.parentSpanId()).isEmpty();
      assertThat(server.name()).isEqualTo("GET /e2e/echo/{id}");
      dev.rosetta.gateway.testing.Eventually.eventually("the access log line", java.time.Duration.ofSeconds(5),
          () -> log.lines().stream().anyMatch(l -> l.contains("id=fresh-1")));
      assertThat(log.lines()).filteredOn(l -> l.contains("id=fresh-1"))
          .singleElement().asString().contains(" trace=" + server.traceId());
    }
  }

  @Test
  void aBackendErrorMarksBothSpansAndAGatewayErrorCarriesItsReason() throws Exception {
    HttpResponse<String> failed = harness.send("POST", "/e2e/fail", "{\"code\":13,\"message\":\"boom\"}");
    assertThat(failed.statusCode()).isEqualTo(500);
    String failedId = failed.headers().firstValue("x-request-id").orElseThrow();
    OtlpReceiver.Received server = receiver.await("of the failed call",
        s -> s.attribute("rosetta.request_id").orElse("").equals(failedId));
    assertThat(server.span().getStatus().getCode())
        .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(server.attribute("http.response.status_code")).hasValue("500");
    assertThat(server.attribute("rpc.grpc.status_code")).hasValue("13");
    OtlpReceiver.Received call = receiver.await("of the failed backend call",
        s -> s.parentSpanId().equals(server.spanId()));
    assertThat(call.span().getStatus().getCode())
        .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(call.attribute("rpc.grpc.status_code")).hasValue("13");
    assertThat(call.attribute("rpc.response.status_code")).hasValue("INTERNAL");

    HttpResponse<String> lost = harness.get("/nowhere");
    assertThat(lost.statusCode()).isEqualTo(404);
    String lostId = lost.headers().firstValue("x-request-id").orElseThrow();
    OtlpReceiver.Received refused = receiver.await("of the 404",
        s -> s.attribute("rosetta.request_id").orElse("").equals(lostId));
    assertThat(refused.name()).isEqualTo("GET");
    assertThat(refused.attribute("rosetta.reason")).hasValue("no_route");
    assertThat(refused.attribute("error.type")).hasValue("no_route");
    assertThat(refused.attribute("http.route")).isEmpty();
    // A 4xx is the client's error: the server span's status stays unset, and no backend was called.
    assertThat(refused.span().getStatus().getCode().getNumber()).isZero();
    assertThat(receiver.spans()).noneMatch(s -> s.parentSpanId().equals(refused.spanId()));
  }

  @Test
  void aServerStreamsCallSpanEndsWhenTheStreamEndsAndSpansAlsoGoOverOtlpHttp() throws Exception {
    try (OtlpReceiver http = OtlpReceiver.http();
        StreamHarness streams = StreamHarness.start(c -> c.withRuntime(
            new RuntimeOptions(tracing(http, TracingOptions.HTTP_PROTOBUF), 0, 0)))) {
      long before = System.nanoTime();
      HttpResponse<String> response = streams.client.send(
          HttpRequest.newBuilder(streams.uri("/stream/count?count=3&delayMillis=300")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"n\":\"3\"");
      OtlpReceiver.Received call = http.await("of the stream",
          s -> s.name().equals("rosetta.test.stream.v1.StreamService/Count"));
      OtlpReceiver.Received server = http.await("of the streamed request", s -> s.spanId().equals(call.parentSpanId()));
      assertThat(server.name()).isEqualTo("GET /stream/count");
      // Three messages 300 ms apart: the client span lasts until the last one, not until the head.
      long callNanos = call.span().getEndTimeUnixNano() - call.span().getStartTimeUnixNano();
      assertThat(callNanos).isGreaterThan(600_000_000L);
      assertThat(call.span().getEndTimeUnixNano()).isLessThanOrEqualTo(server.span().getEndTimeUnixNano());
      assertThat(call.attribute("rpc.grpc.status_code")).hasValue("0");
      assertThat(System.nanoTime() - before).isGreaterThan(600_000_000L);
    }
  }
}
