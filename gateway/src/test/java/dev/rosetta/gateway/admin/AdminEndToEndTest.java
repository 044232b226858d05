package dev.rosetta.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin listener: health, readiness, routes and metrics, on its own port and only there. */
class AdminEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAdminPort(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static HttpResponse<String> admin(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + path);
    return harness.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private static Value json(String text) throws Exception {
    Value.Builder value = Value.newBuilder();
    JsonFormat.parser().merge(text, value);
    return value.build();
  }

  @Test
  void adminListenerIsOnLoopbackAndApartFromThePublicPort() {
    assertThat(harness.gateway.adminAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(harness.gateway.adminAddress().getPort()).isNotEqualTo(harness.port());
  }

  @Test
  void healthzSaysOk() throws Exception {
    HttpResponse<String> response = admin("GET", "/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void readyzTurnsReadyOnceTheBackendIsConnected() throws Exception {
    HttpResponse<String> response = admin("GET", "/readyz");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (response.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      response = admin("GET", "/readyz");
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Struct body = json(response.body()).getStructValue();
    assertThat(body.getFieldsOrThrow("ready").getBoolValue()).isTrue();
    assertThat(body.getFieldsOrThrow("routes").getNumberValue()).isGreaterThan(5);
    assertThat(body.getFieldsOrThrow("backends").getStructValue().getFieldsOrThrow(harness.backend.target())
        .getStringValue()).isEqualTo("READY");
  }

  @Test
  void readyzIsUnavailableWhileTheBackendCannotBeReached() throws Exception {
    GatewayConfig base = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), "127.0.0.1:1");
    GatewayConfig config = GatewayHarness.onLoopback(base)
        .withOperations(OperationsOptions.defaults().withAdminPort(0));
    try (Gateway dead = Gateway.start(config)) {
      URI uri = URI.create("http://127.0.0.1:" + dead.adminAddress().getPort() + "/readyz");
      HttpResponse<String> response = harness.send(HttpRequest.newBuilder(uri).GET());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(json(response.body()).getStructValue().getFieldsOrThrow("ready").getBoolValue()).isFalse();
    }
  }

  @Test
  void readyzIsUnavailableFromTheStartOfTheDrain() throws Exception {
    GatewayConfig base = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), harness.backend.target());
    GatewayConfig config = GatewayHarness.onLoopback(base)
        .withOperations(OperationsOptions.defaults().withAdminPort(0));
    Gateway draining = Gateway.start(config);
    URI ready = URI.create("http://127.0.0.1:" + draining.adminAddress().getPort() + "/readyz");
    HttpResponse<String> before = harness.send(HttpRequest.newBuilder(ready).GET());
    for (int i = 0; i < 200 && before.statusCode() != 200; i++) {
      Thread.sleep(50);
      before = harness.send(HttpRequest.newBuilder(ready).GET());
    }
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    // A call in flight keeps the drain (and so the admin listener) going for about 1.5 s.
    var slow = harness.client.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + draining.address().getPort() + "/e2e/sleep/1500")).build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300);
    var drained = java.util.concurrent.CompletableFuture.runAsync(() -> draining.drainAndClose(Duration.ofSeconds(10)));
    Thread.sleep(300);
    HttpResponse<String> during = harness.send(HttpRequest.newBuilder(ready).GET());

    assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
    assertThat(json(during.body()).getStructValue().getFieldsOrThrow("draining").getBoolValue()).isTrue();
    assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    drained.get(10, java.util.concurrent.TimeUnit.SECONDS);
    draining.close(); // a second close is harmless
  }

  @Test
  void routesListsEveryRouteWithItsGrpcMethodAndBody() throws Exception {
    HttpResponse<String> response = admin("GET", "/routes");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    ListValue routes = json(response.body()).getListValue();
    assertThat(routes.getValuesCount()).isEqualTo(harness.gateway.routes().routes().size());
    assertThat(routes.getValuesList()).map(v -> v.getStructValue().getFieldsMap()).anySatisfy(route -> {
      assertThat(route.get("httpMethod").getStringValue()).isEqualTo("PUT");
      assertThat(route.get("template").getStringValue()).isEqualTo("/e2e/echo/{nested.name=things/*}");
      assertThat(route.get("grpcMethod").getStringValue()).isEqualTo("rosetta.test.e2e.v1.EchoService/Echo");
      assertThat(route.get("body").getStringValue()).isEqualTo("nested");
    });
    assertThat(routes.getValuesList()).map(v -> v.getStructValue().getFieldsMap()).anySatisfy(route -> {
      assertThat(route.get("template").getStringValue()).isEqualTo("/e2e/names");
      assertThat(route.get("responseBody").getStringValue()).isEqualTo("names");
    });
  }

  @Test
  void metricsCountRequestsByRouteStatusAndBackendCode() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(harness.get("/e2e/echo/m" + i).statusCode()).isEqualTo(200);
    }
    assertThat(harness.get("/nowhere").statusCode()).isEqualTo(404);
    assertThat(harness.send("POST", "/e2e/fail", "{\"code\":5,\"message\":\"gone\"}").statusCode()).isEqualTo(404);

    HttpResponse<String> response = admin("GET", "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    String metrics = response.body();
    assertThat(value(metrics, "rosetta_http_requests_total", "http_method=\"GET\",protocol=\"http/1.1\",reason=\"\",route=\"/e2e/echo/{id}\",status=\"200\""))
        .isGreaterThanOrEqualTo(3);
    assertThat(value(metrics, "rosetta_http_requests_total", "http_method=\"GET\",protocol=\"http/1.1\",reason=\"no_route\",route=\"unmatched\",status=\"404\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "rosetta_backend_calls_total", "grpc_code=\"NOT_FOUND\",grpc_method=\"rosetta.test.e2e.v1.EchoService/Fail\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "rosetta_backend_calls_total", "grpc_code=\"OK\",grpc_method=\"rosetta.test.e2e.v1.EchoService/Echo\""))
        .isGreaterThanOrEqualTo(3);
    assertThat(value(metrics, "rosetta_http_request_duration_seconds_bucket",
        "http_method=\"GET\",protocol=\"http/1.1\",route=\"/e2e/echo/{id}\",le=\"+Inf\"")).isGreaterThanOrEqualTo(3);
    assertThat(value(metrics, "rosetta_http_request_bytes_total", "route=\"/e2e/fail\"")).isGreaterThan(10);
    assertThat(value(metrics, "rosetta_http_response_bytes_total", "route=\"/e2e/echo/{id}\"")).isGreaterThan(10);
    assertThat(value(metrics, "rosetta_http_requests_in_flight", "")).isZero();
    assertThat(value(metrics, "rosetta_reloads_total", "result=\"failure\"")).isZero();
    assertThat(value(metrics, "rosetta_backend_endpoint_calls_total",
        "backend=\"default\",endpoint=\"" + harness.backend.target() + "\",grpc_code=\"NOT_FOUND\"")).isGreaterThanOrEqualTo(1);
    assertThat(metrics).contains("jvm_memory_used_bytes", "jvm_threads_current");
  }

  /** A plain target has no xDS part: the page shows the backend and the address that answered its calls. */
  @Test
  void backendsShowsEachBackendAndTheEndpointsThatAnsweredItsCalls() throws Exception {
    assertThat(harness.get("/e2e/echo/b").statusCode()).isEqualTo(200);
    HttpResponse<String> response = admin("GET", "/backends");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("[{\"name\":\"default\",\"target\":\"" + harness.backend.target()
        + "\",\"state\":\"READY\",\"services\":[],\"endpoints\":[{\"address\":\"" + harness.backend.target()
        + "\",\"calls\":{").doesNotContain("\"xds\"");
    assertThat(response.body()).containsPattern("\"OK\":[1-9]");
    assertThat(admin("POST", "/backends").statusCode()).isEqualTo(405);
  }

  @Test
  void aClientThatHangsUpIsCountedAs499AndLeavesNothingInFlight() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/sleep/2000 HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(200);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String metrics = admin("GET", "/metrics").body();
    while (value(metrics, "rosetta_http_requests_total", "http_method=\"GET\",protocol=\"http/1.1\",reason=\"client_closed\",route=\"/e2e/sleep/{millis}\",status=\"499\"") < 1
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      metrics = admin("GET", "/metrics").body();
    }
    assertThat(value(metrics, "rosetta_http_requests_total", "http_method=\"GET\",protocol=\"http/1.1\",reason=\"client_closed\",route=\"/e2e/sleep/{millis}\",status=\"499\""))
        .isEqualTo(1);
    assertThat(value(metrics, "rosetta_http_requests_in_flight", "")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/readyz", "/routes", "/metrics", "/reload"})
  void adminPathsAreNotServedOnThePublicPort(String path) throws Exception {
    assertThat(harness.get(path).statusCode()).isEqualTo(404);
    assertThat(harness.send("POST", path, "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownAdminPathsAndWrongMethodsAreRefused() throws Exception {
    assertThat(admin("GET", "/nope").statusCode()).isEqualTo(404);
    assertThat(admin("POST", "/metrics").statusCode()).isEqualTo(405);
    assertThat(admin("GET", "/reload").statusCode()).isEqualTo(405);
  }

  @Test
  void aGatewayStartedWithDefaultsHasNoAdminListener() {
    assertThat(OperationsOptions.defaults().adminEnabled()).isFalse();
  }

  /** The sample value of {@code name{labels}} in Prometheus text, or -1 when absent. */
  static double value(String metrics, String name, String labels) {
    String series = labels.isEmpty() ? name : name + "{" + labels + "}";
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
