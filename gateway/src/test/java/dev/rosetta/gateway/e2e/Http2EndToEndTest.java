package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.CorsPolicy;
import dev.rosetta.gateway.http.TlsOptions;
import dev.rosetta.gateway.testing.Curl;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP/2 for every REST feature, end to end: the same requests answered the same over HTTP/1.1
 * and HTTP/2 (the JDK client on TLS, where ALPN picks the version), h2c by prior knowledge and by
 * {@code Upgrade: h2c}, curl as users run it, and what HTTP/2 adds: no HTTP/1-only header is
 * ever sent, the protocol reaches the metrics.
 */
class Http2EndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path dir;
  static TestCertificates certs;
  static GatewayHarness gw;
  static HttpClient http11;
  static HttpClient http2;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    CorsPolicy cors = new CorsPolicy(List.of("https://app.example"), List.of("GET", "POST"), List.of("Content-Type"),
        Duration.ofMinutes(5));
    gw = GatewayHarness.start(c -> c
        .withServer(c.server().withMaxBodyBytes(4096)
            .withTls(new TlsOptions(certs.serverCert(), certs.serverKey(), null, 0, Duration.ZERO)))
        .withOperations(new OperationsOptions("127.0.0.1", 0, OperationsOptions.defaults().accessLog(), false, false,
            cors)));
    http11 = client(HttpClient.Version.HTTP_1_1);
    http2 = client(HttpClient.Version.HTTP_2);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static HttpClient client(HttpClient.Version version) throws Exception {
    return HttpClient.newBuilder().version(version).sslContext(certs.trustingContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static URI https(String path) {
    return URI.create("https://127.0.0.1:" + gw.gateway.httpsAddress().getPort() + path);
  }

  /** A request of the parity table: method, path, content type (null for none), body (null for none), headers. */
  record Call(String method, String path, String contentType, String body, String... headers) {
    HttpRequest build(URI uri) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return request.header("X-Request-Id", "parity-" + Math.abs(path.hashCode())).build();
    }

    @Override
    public String toString() {
      return method + " " + path + (body == null ? "" : " " + body.substring(0, Math.min(40, body.length())));
    }
  }

  static Stream<Call> calls() {
    String json = "application/json";
    return Stream.of(
        new Call("GET", "/e2e/echo/abc", null, null),
        new Call("GET", "/e2e/echo/abc?count=5&names=a&names=b", null, null),
        new Call("POST", "/e2e/echo", json, "{\"id\":\"x\",\"count\":3,\"nested\":{\"name\":\"n\"}}"),
        new Call("PUT", "/e2e/echo/things/t1", json, "{\"name\":\"ignored\",\"inner\":\"i\"}"),
        new Call("GET", "/e2e/files/a/b/c.txt", null, null),
        new Call("GET", "/e2e/names?names=x&names=y", null, null),
        new Call("GET", "/e2e/metadata", null, null, "X-Custom", "v1", "Grpc-Metadata-Extra", "e"),
        new Call("GET", "/nowhere", null, null),
        new Call("DELETE", "/e2e/fail", null, null),
        new Call("GET", "/e2e/sleep/1", null, null, "Grpc-Timeout", "soon"),
        new Call("GET", "/e2e/sleep/3000", null, null, "Grpc-Timeout", "100m"),
        new Call("POST", "/e2e/echo", "text/plain", "{}"),
        new Call("POST", "/e2e/echo", json, "{\"id\": 7"),
        new Call("POST", "/e2e/fail", json, "{\"code\":7,\"message\":\"no\",\"withDetails\":true}"));
  }

  /** What a client can observe of a response, for the comparison. */
  private static Map<String, Object> observed(HttpResponse<String> response) {
    Map<String, Object> seen = new TreeMap<>();
    seen.put("status", response.statusCode());
    // What differs from one call to the next whatever the protocol: the deadline's remaining time.
    seen.put("body", response.body().replaceAll("\"grpc-timeout\":\"\\d+u\"", "\"grpc-timeout\":\"-\"")
        .replaceAll("exceeded after [0-9.]+s", "exceeded after -s"));
    response.headers().map().forEach((name, values) -> {
      if (name.startsWith("grpc-") || List.of("content-type", "content-length", "allow", "x-request-id").contains(name)) {
        seen.put(name, values);
      }
    });
    return seen;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void http2AnswersEveryRequestAsHttp11Does(Call call) throws Exception {
    HttpResponse<String> one = http11.send(call.build(https(call.path())), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> two = http2.send(call.build(https(call.path())), HttpResponse.BodyHandlers.ofString());
    assertThat(one.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(two.version()).as("ALPN chose h2").isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(observed(two)).isEqualTo(observed(one));
  }

  @Test
  void aBodyPastTheLimitIs413AndTheConnectionServesTheNextStream() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      // No Content-Length: the limit is found while the body is read.
      h2.headers(1, RawHttp2.request("POST", "/e2e/echo").add("content-type", "application/json"), false);
      h2.data(1, "{\"id\":\"" + "x".repeat(3000), false);
      h2.data(1, "x".repeat(3000), false);
      List<RawHttp2.Frame> refused = h2.awaitStream(1, Duration.ofSeconds(10));
      assertThat(refused.get(0).status()).isEqualTo("413");
      assertThat(RawHttp2.body(refused))
          .isEqualTo("{\"code\":8,\"message\":\"request body is larger than the limit of 4096 bytes\",\"details\":[]}");
      // The rest of the body is not wanted: the stream is reset with NO_ERROR once the answer is out.
      assertThat(h2.await(f -> f.type().equals("RST_STREAM") && f.streamId() == 1, Duration.ofSeconds(5)))
          .extracting(RawHttp2.Frame::code).isEqualTo(0L);
      h2.headers(3, RawHttp2.request("GET", "/e2e/echo/next"), true);
      assertThat(RawHttp2.body(h2.awaitStream(3, Duration.ofSeconds(10)))).isEqualTo("{\"id\":\"next\"}");
    }
  }

  @Test
  void hundredsOfAnswersWithoutABodyToSkipNeverResetAStreamNorTripTheResetLimit() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      for (int stream = 1; stream <= 599; stream += 2) {
        h2.headers(stream, RawHttp2.request("GET", "/nowhere"), true);
        assertThat(h2.awaitStream(stream, Duration.ofSeconds(10)).get(0).status()).isEqualTo("404");
      }
      assertThat(h2.isOpen()).isTrue();
      synchronized (h2.frames) {
        assertThat(h2.frames).noneMatch(f -> f.type().equals("RST_STREAM") || f.type().equals("GOAWAY"));
      }
    }
  }

  @Test
  void theJdkClientUpgradesToH2cOnThePlainPort() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(gw.uri("/e2e/echo/up")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(first.body()).isEqualTo("{\"id\":\"up\"}");
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(gw.uri("/e2e/echo"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"again\"}"))
        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body()).isEqualTo("{\"id\":\"again\"}");
  }

  /** The request that asks for h2c is stream 1's: its body reaches the backend, its upgrade fields do not. */
  @Test
  void anUpgradingRequestIsAnsweredOnHttp2WithItsBodyAndWithoutItsUpgradeFields() throws Exception {
    HttpResponse<String> posted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
        HttpRequest.newBuilder(gw.uri("/e2e/echo")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"first\"}")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(posted.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(posted.body()).isEqualTo("{\"id\":\"first\"}");
    HttpResponse<String> metadata = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
        HttpRequest.newBuilder(gw.uri("/e2e/metadata")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metadata.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(metadata.body()).contains("\"x-forwarded-host\":\"127.0.0.1")
        .doesNotContain("upgrade").doesNotContain("http2-settings").doesNotContain("x-http2");
  }

  @Test
  void curlSpeaksHttp2ByAlpnByPriorKnowledgeAndByUpgrade() throws Exception {
    assumeTrue(Curl.available(), "curl is not installed");
    Curl.Result alpn = Curl.run(dir, "--http2", "--cacert", certs.ca().toString(), https("/e2e/echo/tls").toString());
    Curl.Result prior = Curl.run(dir, "--http2-prior-knowledge", gw.uri("/e2e/echo/prior").toString());
    Curl.Result upgrade = Curl.run(dir, "--http2", gw.uri("/e2e/echo/upgrade").toString());
    Curl.Result plain = Curl.run(dir, "--http1.1", gw.uri("/e2e/echo/plain").toString());
    assertThat(List.of(alpn.httpVersion(), prior.httpVersion(), upgrade.httpVersion(), plain.httpVersion()))
        .containsExactly("2", "2", "2", "1.1");
    assertThat(List.of(alpn.body(), prior.body(), upgrade.body(), plain.body())).containsExactly(
        "{\"id\":\"tls\"}", "{\"id\":\"prior\"}", "{\"id\":\"upgrade\"}", "{\"id\":\"plain\"}");
  }

  @Test
  void noHttp1OnlyHeaderIsSentOnHttp2AndTheRequestsConversionHeadersAreNotForwarded() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/e2e/metadata").add("connection-test", "x"), true);
      h2.headers(3, RawHttp2.request("GET", "/nowhere"), true);
      for (int stream : new int[] {1, 3}) {
        List<RawHttp2.Frame> frames = h2.awaitStream(stream, Duration.ofSeconds(10));
        var headers = frames.get(0).headers();
        for (String hop : List.of("connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection")) {
          assertThat(headers.contains(hop)).as(hop + " on stream " + stream).isFalse();
        }
        if (stream == 1) {
          assertThat(RawHttp2.body(frames)).contains("\"x-forwarded-host\":\"127.0.0.1\"")
              .doesNotContain("x-http2").doesNotContain("stream-id");
        }
      }
    }
  }

  @Test
  void aHeadRequestGetsTheHeadersOfItsAnswerAndNoBody() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("HEAD", "/e2e/echo/h"), true);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, Duration.ofSeconds(10));
      assertThat(frames.get(0).status()).isEqualTo("405");
      assertThat(frames.get(0).headers().get("content-length").toString()).isNotEqualTo("0");
      assertThat(RawHttp2.body(frames)).isEmpty();
    }
  }

  @Test
  void corsPreflightsAndActualRequestsAreAnsweredOverHttp2() throws Exception {
    HttpResponse<String> preflight = http2.send(HttpRequest.newBuilder(https("/e2e/echo"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST").timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST");
    HttpResponse<String> actual = http2.send(HttpRequest.newBuilder(https("/e2e/echo/c"))
        .header("Origin", "https://app.example").timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
    assertThat(actual.headers().firstValue("access-control-expose-headers")).hasValue("x-request-id");
  }

  @Test
  void theMetricsCountHttp2RequestsUnderTheirProtocol() throws Exception {
    HttpResponse<String> answered = http2.send(HttpRequest.newBuilder(https("/e2e/echo/counted")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answered.statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = http11.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gw.gateway.adminAddress().getPort() + "/metrics")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains(
        "rosetta_http_requests_total{http_method=\"GET\",protocol=\"h2\",reason=\"\",route=\"/e2e/echo/{id}\",status=\"200\"}");
  }
}
