package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamHarness;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * External authorization and rate limits enforced by a running gateway over real HTTP, with an
 * Envoy authorization service and rate-limit service as grpc-java servers on loopback: the
 * service's denial (status, headers, body) reaching the client, its headers reaching the backend,
 * the body's first bytes in the check and the whole body at the backend, 429 with its headers,
 * the order (a limited request never reaches the authorization service), and a client that goes
 * away while its check is pending. Each test sends its own {@code X-Client}: the key of the local
 * limit, so tests do not share a budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthzEndToEndTest {
  private static final String ECHO = "rosetta.test.e2e.v1.EchoService";

  private PolicyServers.Authz authz;
  private PolicyServers.RateLimits rls;
  private PolicyConfig config;
  private GatewayHarness harness;

  @BeforeAll
  void start() throws Exception {
    authz = PolicyServers.Authz.allowingAll();
    rls = PolicyServers.RateLimits.start(request -> RateLimitResponse.newBuilder()
        .setOverallCode(request.getDescriptors(0).getEntries(0).getValue().equals("over")
            ? RateLimitResponse.Code.OVER_LIMIT : RateLimitResponse.Code.OK).build());
    config = new PolicyConfig(List.of(),
        List.of(new LocalLimitSpec("tight", 2, Duration.ofSeconds(60), 2, KeySource.parse("header:x-client"), 100,
            "t.yaml:2")),
        new AuthzSpec(PolicyServers.service("authz", authz), Duration.ofSeconds(5), false, 403, 16, false, "t.yaml:4"),
        new GlobalLimitSpec(PolicyServers.service("rls", rls), "rosetta", Duration.ofSeconds(5), false,
            List.of(new GlobalLimitSpec.Entry("client", KeySource.parse("header:x-client"))), "t.yaml:6"),
        List.of(rule("t.yaml:10", r -> r.limits("tight").authz(true)),
            rule("t.yaml:11", r -> r.method(ECHO + "/EchoNames").global(true).authz(false))));
    harness = GatewayHarness.start(c -> c.withPolicies(config)
        .withOperations(OperationsOptions.defaults().withAdminPort(0)));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
    authz.close();
    rls.close();
  }

  @BeforeEach
  void allowByDefault() {
    authz.delayMillis.set(0);
    authz.answer.set(r -> ok(List.of(), List.of()));
    authz.requests.clear();
  }

  private HttpResponse<String> send(HttpClient.Version version, HttpRequest.Builder request) throws Exception {
    return EdgeClients.client(version).send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder get(String path, String client) {
    return HttpRequest.newBuilder(harness.uri(path)).header("X-Client", client);
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aDenialReachesTheClientWithTheServicesStatusHeadersAndBody(HttpClient.Version version) throws Exception {
    authz.answer.set(r -> CheckResponse.newBuilder().setStatus(com.google.rpc.Status.newBuilder().setCode(7))
        .setDeniedResponse(DeniedHttpResponse.newBuilder().setStatus(HttpStatus.newBuilder().setCode(StatusCode.Forbidden))
            .setBody("members only")
            .addHeaders(header("content-type", "text/plain"))
            .addHeaders(header("x-denied-by", "policy-7"))).build());

    HttpResponse<String> response = send(version, get("/e2e/sleep/1", "deny-" + version));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("members only");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
    assertThat(response.headers().firstValue("x-denied-by")).hasValue("policy-7");
    assertThat(harness.backend.sleeping).as("the backend was never called").isEmpty();
    assertThat(metric("rosetta_http_rejections_total", "reason=\"authz_denied\"")).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void anAllowedRequestCarriesTheServicesHeadersToTheBackendAndItsResponseHeadersBack(HttpClient.Version version)
      throws Exception {
    authz.answer.set(r -> ok(List.of(header("x-authz-user", "bob"), header("x-from-client", "replaced")),
        List.of(header("x-authz-checked", "yes"))));

    HttpResponse<String> response = send(version, get("/e2e/metadata", "allow-" + version)
        .header("X-From-Client", "original"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(EdgeClients.backendSaw(response.body())).containsEntry("x-authz-user", "bob")
        .containsEntry("x-from-client", "replaced");
    assertThat(response.headers().firstValue("x-authz-checked")).hasValue("yes");
    assertThat(response.headers().firstValue("ratelimit-policy")).as("a 200 on a limited route").hasValue("\"tight\";q=2;w=60");
    assertThat(response.headers().firstValue("ratelimit")).hasValue("\"tight\";r=1;t=30");
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void theCheckSeesTheBodysFirstBytesAndTheBackendTheWholeBody(HttpClient.Version version) throws Exception {
    String body = "{\"id\":\"abcdefghij\",\"names\":[\"x\",\"y\",\"z\"]}";

    HttpResponse<String> response = send(version, get("/e2e/echo", "body-" + version)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
    CheckRequest check = authz.requests.poll(5, TimeUnit.SECONDS);
    assertThat(check.getAttributes().getRequest().getHttp().getBody()).isEqualTo(body.substring(0, 16));
    assertThat(check.getAttributes().getRequest().getHttp().getHeadersMap())
        .containsEntry("x-envoy-auth-partial-body", "true");
  }

  /**
   * Over HTTP/2 by prior knowledge (the JDK client upgrades to h2c on body-less requests only):
   * what a stream delivers while its check is out (a body, or the END_STREAM of a request without
   * one) waits for the exchange and reaches it whole.
   */
  @Test
  void overHttp2WhatAStreamBringsWhileItsCheckIsOutReachesTheBackend() throws Exception {
    String body = "{\"id\":\"held-over-h2\",\"names\":[\"x\",\"y\",\"z\"]}";
    try (RawHttp2 h2 = RawHttp2.connect(harness.port())) {
      h2.headers(1, RawHttp2.request("POST", "/e2e/echo").add("content-type", "application/json")
          .add("x-client", "held-h2"), false);
      h2.data(1, body, true);
      h2.headers(3, RawHttp2.request("GET", "/e2e/names").add("x-client", "held-h2-get"), true);
      List<RawHttp2.Frame> post = h2.awaitStream(1, Duration.ofSeconds(10));
      List<RawHttp2.Frame> get = h2.awaitStream(3, Duration.ofSeconds(10));
      assertThat(post.get(0).status()).isEqualTo("200");
      assertThat(RawHttp2.body(post)).isEqualTo(body);
      assertThat(get.get(0).status()).isEqualTo("200");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aStreamedUploadIsCheckedOnItsFirstBytesAndStreamsWholeToTheBackend(HttpClient.Version version)
      throws Exception {
    PolicyConfig streams = new PolicyConfig(List.of(), List.of(), config.authz(), null,
        List.of(rule("t.yaml:20", r -> r.service("rosetta.test.stream.v1.StreamService").authz(true))));
    try (StreamHarness streaming = StreamHarness.start(c -> c.withPolicies(streams))) {
      HttpResponse<String> response = EdgeClients.client(version).send(HttpRequest.newBuilder(streaming.uri("/stream/lbl/sum"))
          .header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("\"sum\":\"10\"");
      assertThat(authz.requests.poll(5, TimeUnit.SECONDS).getAttributes().getRequest().getHttp().getBody())
          .isEqualTo("{\"n\":1}\n{\"n\":2}\n");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void aRateLimitedRequestIs429WithItsHeadersAndNeverReachesTheAuthorizationService(HttpClient.Version version)
      throws Exception {
    String client = "limited-" + version;
    assertThat(send(version, get("/e2e/metadata", client)).statusCode()).isEqualTo(200);
    assertThat(send(version, get("/e2e/metadata", client)).statusCode()).isEqualTo(200);
    int checks = authz.calls.get();

    HttpResponse<String> refused = send(version, get("/e2e/metadata", client));

    assertThat(refused.version()).as("refused over the version asked").isEqualTo(version);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("30");
    assertThat(refused.headers().firstValue("ratelimit-policy")).hasValue("\"tight\";q=2;w=60");
    assertThat(refused.headers().firstValue("ratelimit")).hasValue("\"tight\";r=0;t=30");
    assertThat(refused.body()).isEqualTo("{\"code\":8,\"message\":\"rate limit 'tight' exceeded: at most 2 requests "
        + "per 60s; retry in 30s\",\"details\":[]}");
    assertThat(authz.calls.get()).as("the authorization service was not asked").isEqualTo(checks);
    assertThat(metric("rosetta_http_rejections_total", "reason=\"rate_limited\"")).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("dev.rosetta.gateway.policy.EdgeClients#versions")
  void theGlobalRateLimitServicesOverLimitIs429(HttpClient.Version version) throws Exception {
    assertThat(send(version, get("/e2e/names", "under-" + version)).statusCode()).isEqualTo(200);

    HttpResponse<String> refused = send(version, get("/e2e/names", "over"));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).startsWith("{\"code\":8,");
    assertThat(metric("rosetta_http_rejections_total", "reason=\"global_rate_limited\"")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aClientThatGoesAwayWhileItsCheckIsPendingLeavesNothingBehind() throws Exception {
    authz.delayMillis.set(400);
    double closedBefore = metric("rosetta_http_rejections_total", "reason=\"client_closed\"");
    int calls = authz.calls.get();
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/sleep/5 HTTP/1.1\r\nHost: t\r\nX-Client: gone-1\r\n\r\n");
      eventually("the check is under way", Duration.ofSeconds(5), () -> authz.calls.get() == calls + 1);
    }
    try (RawHttp raw = new RawHttp(harness.port())) { // an include-body check, with body chunks held meanwhile
      raw.write("POST /e2e/echo HTTP/1.1\r\nHost: t\r\nX-Client: gone-2\r\nContent-Type: application/json\r\n"
          + "Content-Length: 40\r\n\r\n{\"id\":\"abcdefghijklmnopqrstuvwxyz\"");
      eventually("the check is under way", Duration.ofSeconds(5), () -> authz.calls.get() == calls + 2);
    }
    eventually("both counted as gone", Duration.ofSeconds(5),
        () -> metric("rosetta_http_rejections_total", "reason=\"client_closed\"") == closedBefore + 2);
    eventually("the service answered both", Duration.ofSeconds(5), () -> authz.answered.get() >= calls + 2);

    // The answers let the requests through, but their clients are gone: nothing may start.
    long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
    while (System.nanoTime() < until) {
      assertThat(harness.backend.sleeping).as("a late decision started nothing").isEmpty();
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(send(HttpClient.Version.HTTP_1_1, get("/e2e/metadata", "after")).statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamedUploadWhoseClientWentAwayDuringItsCheckNeverStartsItsCall() throws Exception {
    AuthzSpec headOnly = new AuthzSpec(config.authz().service(), Duration.ofSeconds(5), false, 403, 0, false, "t:30");
    PolicyConfig streams = new PolicyConfig(List.of(), List.of(), headOnly, null,
        List.of(rule("t.yaml:31", r -> r.service("rosetta.test.stream.v1.StreamService").authz(true))));
    try (StreamHarness streaming = StreamHarness.start(c -> c.withPolicies(streams))) {
      authz.delayMillis.set(300);
      int calls = authz.calls.get();
      try (RawHttp raw = new RawHttp(streaming.port())) {
        raw.write("POST /stream/lbl/sum HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"n\":1}\n\r\n");
        eventually("the check is under way", Duration.ofSeconds(5), () -> authz.calls.get() == calls + 1);
      }
      eventually("the service answered", Duration.ofSeconds(5), () -> authz.answered.get() >= calls + 1);

      // An upload's call starts as soon as it is admitted: admitted late, for nobody, it must not.
      long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
      while (System.nanoTime() < until) {
        assertThat(streaming.backend.requestIds).as("no call started for a client that is gone").isEmpty();
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  /** A value of the admin listener's metrics; -1 when the series is not there. */
  private double metric(String name, String labels) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + "/metrics");
    String text = harness.send(HttpRequest.newBuilder(uri)).body();
    Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static CheckResponse ok(List<HeaderValueOption> headers, List<HeaderValueOption> responseHeaders) {
    return CheckResponse.newBuilder().setStatus(com.google.rpc.Status.newBuilder().setCode(0))
        .setOkResponse(OkHttpResponse.newBuilder().addAllHeaders(headers).addAllResponseHeadersToAdd(responseHeaders))
        .build();
  }

  @SuppressWarnings("deprecation") // append: what authorization services send (see AuthzStage.header)
  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppend(BoolValue.of(false)).build();
  }

}
