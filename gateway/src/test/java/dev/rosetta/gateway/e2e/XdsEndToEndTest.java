package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.backend.XdsOptions;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GreeterBackend;
import dev.rosetta.gateway.testing.TestCertificates;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.XdsControlPlane;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xds:///echo} backends discovered and balanced through a real xDS control plane (Envoy's
 * java-control-plane serving LDS, RDS, CDS and EDS over ADS), in front of real replicas, all on
 * loopback. Every request goes over one kept-alive HTTP connection, so one gateway channel: the
 * spread seen is the per-request balancing, not connection placement.
 */
class XdsEndToEndTest {
  private static final List<EchoBackend> REPLICAS = new ArrayList<>();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  /**
   * Longest wait for the control plane's configuration to take effect: milliseconds on loopback,
   * but the first test of the class also loads the xDS classes on a busy 2-core machine.
   */
  private static final long AWAIT_MILLIS = 10_000;

  @TempDir static Path dir;

  @BeforeAll
  static void startReplicas() throws IOException {
    for (int i = 0; i < 4; i++) {
      REPLICAS.add(EchoBackend.startReplica("r" + i, 0, b -> b));
    }
  }

  @AfterAll
  static void stopReplicas() throws Exception {
    for (EchoBackend replica : REPLICAS) {
      replica.close();
    }
  }

  private static int port(int replica) {
    return REPLICAS.get(replica).port();
  }

  /**
   * A control plane serving {@code xds:///echo} on some replicas, a gateway reading it, and one
   * kept-alive connection to the gateway that every one of those replicas has answered.
   */
  private record Mesh(XdsControlPlane plane, Gateway gateway, RawHttp http) implements AutoCloseable {
    static Mesh serving(UnaryOperator<BackendSpec> spec, int... replicas) throws Exception {
      XdsControlPlane plane = XdsControlPlane.start();
      List<Integer> ports = java.util.Arrays.stream(replicas).map(XdsEndToEndTest::port).boxed().toList();
      plane.serve("echo", ports);
      Gateway gateway = XdsEndToEndTest.gateway(plane, spec);
      RawHttp http = new RawHttp(gateway.address().getPort());
      Mesh mesh = new Mesh(plane, gateway, http);
      List<String> names = java.util.Arrays.stream(replicas).mapToObj(i -> "r" + i).toList();
      if (!Replicas.awaitAll(http, names, AWAIT_MILLIS)) {
        mesh.close();
        throw new AssertionError("not every one of " + names + " answered within " + AWAIT_MILLIS + " ms");
      }
      return mesh;
    }

    @Override
    public void close() throws Exception {
      http.close();
      gateway.close();
      plane.close();
    }
  }

  private static Gateway gateway(XdsControlPlane plane, UnaryOperator<BackendSpec> spec) throws Exception {
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
        .withBackends(List.of(spec.apply(BackendSpec.of("echo", "xds:///echo", List.of()))))
        .withBackendOptions(BackendOptions.DEFAULTS.withXds(new XdsOptions(plane.writeBootstrap(dir), null)))
        .withOperations(OperationsOptions.defaults().withAdminPort(0));
    return Gateway.start(GatewayHarness.onLoopback(config));
  }

  @Test
  void trafficSpreadsOverEveryEndpointTheControlPlaneNames() throws Exception {
    try (Mesh mesh = Mesh.serving(s -> s, 0, 1, 2)) {
      Map<String, Integer> seen = Replicas.spread(mesh.http, 600);
      // round_robin over three ready endpoints in one channel: exact thirds, give or take the
      // request that started the cycle, so the bounds leave room for nothing but a real skew.
      assertThat(seen.keySet()).containsExactlyInAnyOrder("r0", "r1", "r2");
      seen.values().forEach(n -> assertThat(n).as(seen.toString()).isBetween(180, 220));
    }
  }

  @Test
  void anEndpointRemovedStopsGettingRequestsAndOneAddedStartsWithoutAFailedRequest() throws Exception {
    try (Mesh mesh = Mesh.serving(s -> s, 0, 1, 2)) {
      // Traffic keeps flowing on a second connection all through both changes.
      Traffic traffic = Traffic.start(mesh.gateway.address().getPort());
      List<String> answers = new ArrayList<>();

      mesh.plane.serve("echo", List.of(port(0), port(1)));
      assertThat(sendUntil(mesh.http, answers, recent -> !recent.contains("r2"))).as("r2 still served").isTrue();
      assertThat(Replicas.spread(mesh.http, 200)).containsOnlyKeys("r0", "r1");

      mesh.plane.serve("echo", List.of(port(0), port(1), port(3)));
      assertThat(sendUntil(mesh.http, answers, recent -> recent.contains("r3"))).as("r3 never served").isTrue();
      assertThat(Replicas.spread(mesh.http, 300)).containsOnlyKeys("r0", "r1", "r3");

      // The replicas kept running while the control plane moved traffic: nothing may fail.
      List<String> background = traffic.stop();
      assertThat(background).hasSizeGreaterThan(100).allMatch(a -> a.startsWith("r"));
      assertThat(answers).allMatch(a -> a.startsWith("r"));
    }
  }

  /** GETs in a loop on a connection of their own, until stopped (at most 20,000). */
  private static final class Traffic {
    private final List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread thread;

    private Traffic(int port) {
      thread = new Thread(() -> {
        try (RawHttp http = new RawHttp(port)) {
          for (int i = 0; i < 20_000 && !stop.get(); i++) {
            answers.add(Replicas.call(http, "/e2e/echo/" + i));
          }
        } catch (IOException e) {
          answers.add("failed: " + e);
        }
      }, "xds-test-traffic");
    }

    static Traffic start(int port) {
      Traffic traffic = new Traffic(port);
      traffic.thread.start();
      return traffic;
    }

    List<String> stop() throws InterruptedException {
      stop.set(true);
      thread.join(10_000);
      synchronized (answers) {
        return List.copyOf(answers);
      }
    }
  }

  /**
   * Sends GETs (keeping every answer) until the last 50 satisfy {@code done}, for at most {@link #AWAIT_MILLIS}.
   * The control plane's update reaches the gateway in milliseconds on loopback.
   */
  private static boolean sendUntil(RawHttp http, List<String> answers,
      java.util.function.Predicate<List<String>> done) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
    List<String> recent = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String who = Replicas.call(http, "/e2e/echo/" + answers.size());
      answers.add(who);
      recent.add(who);
      if (recent.size() > 50) {
        recent.remove(0);
      }
      if (recent.size() == 50 && done.test(recent)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aWeightedClusterSplitsNinetyTenWithinStatisticalBounds() throws Exception {
    try (XdsControlPlane plane = XdsControlPlane.start()) {
      Map<String, Integer> weights = new LinkedHashMap<>();
      weights.put("echo-stable", 90);
      weights.put("echo-canary", 10);
      Map<String, List<Integer>> endpoints = new LinkedHashMap<>();
      endpoints.put("echo-stable", List.of(port(0)));
      endpoints.put("echo-canary", List.of(port(1)));
      plane.serve("echo", weights, endpoints);
      try (Gateway gateway = gateway(plane, s -> s); RawHttp http = new RawHttp(gateway.address().getPort())) {
        assertThat(Replicas.awaitAll(http, List.of("r0", "r1"), AWAIT_MILLIS)).isTrue();
        Map<String, Integer> seen = Replicas.spread(http, 1_000);
        assertThat(seen).containsOnlyKeys("r0", "r1");
        // grpc picks a cluster per call at random by weight: the canary's count is binomial,
        // n = 1000, p = 0.1: mean 100, standard deviation sqrt(1000 * 0.1 * 0.9) = 9.5. [40, 160]
        // is more than 6 deviations either way (a false failure about once in 10^9 runs), and still
        // far from what a broken split gives (500 for an even split, 0 or 1000 for one cluster).
        assertThat(seen.get("r1")).as(seen.toString()).isBetween(40, 160);
      }
    }
  }

  /** Istio's agent serves the pod's proxyless clients on a Unix socket; the bootstrap names it. */
  @Test
  void aControlPlaneOnAUnixSocketServesAsIstiosAgentDoes() throws Exception {
    assumeTrue(Epoll.isAvailable(), "Unix domain sockets need the epoll transport");
    try (XdsControlPlane plane = XdsControlPlane.startOnUnixSocket(dir.resolve("xds.sock"))) {
      assertThat(plane.serverUri()).startsWith("unix:///");
      plane.serve("echo", List.of(port(0), port(1)));
      try (Gateway gateway = gateway(plane, s -> s); RawHttp http = new RawHttp(gateway.address().getPort())) {
        assertThat(Replicas.awaitAll(http, List.of("r0", "r1"), AWAIT_MILLIS)).isTrue();
      }
    }
  }

  @Test
  void theLastGoodConfigurationOutlivesTheControlPlane() throws Exception {
    try (Mesh mesh = Mesh.serving(s -> s, 0, 1, 2)) {
      mesh.plane.close();
      Map<String, Integer> seen = Replicas.spread(mesh.http, 300);
      assertThat(seen).containsOnlyKeys("r0", "r1", "r2");
      seen.values().forEach(n -> assertThat(n).as(seen.toString()).isBetween(90, 110));
      assertThat(admin(mesh.gateway, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readinessNamesTheResourcesNotYetReceivedUntilTheyArrive() throws Exception {
    try (XdsControlPlane plane = XdsControlPlane.start(); Gateway gateway = gateway(plane, s -> s)) {
      HttpResponse<String> waiting = awaitAdmin(gateway, "/readyz", r -> r.body().contains("\"REQUESTED\""));
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat(waiting.body()).contains("\"xdsPending\":{\"echo\":[{\"type\":\"LDS\",\"name\":\"echo\",\"status\":\"REQUESTED\"");

      plane.serve("echo", List.of(port(0), port(1), port(2)));
      HttpResponse<String> ready = awaitAdmin(gateway, "/readyz", r -> r.statusCode() == 200);
      assertThat(ready.body()).contains("\"xdsPending\":{\"echo\":[]}");
    }
  }

  @Test
  void theBackendsPageAndTheMetricsShowTheEndpointsTheGatewaySees() throws Exception {
    try (Mesh mesh = Mesh.serving(s -> s, 0, 1, 2)) {
      String page = admin(mesh.gateway, "/backends").body();
      for (int i = 0; i < 3; i++) {
        // What the control plane sent (EDS) and what carried calls, for each replica.
        assertThat(page).contains("{\"cluster\":\"echo\",\"address\":\"127.0.0.1:" + port(i)
            + "\",\"locality\":\"test/loopback/\",\"priority\":0,\"weight\":1,\"health\":\"HEALTHY\"}");
        assertThat(page).containsPattern("\\{\"address\":\"127.0.0.1:" + port(i) + "\",\"calls\":\\{\"OK\":[1-9]");
      }
      assertThat(page).contains("\"target\":\"xds:///echo\",\"state\":\"READY\"");
      for (String type : List.of("LDS", "RDS", "CDS", "EDS")) {
        assertThat(page).containsPattern("\"type\":\"" + type + "\",\"name\":\"[^\"]+\",\"status\":\"ACKED\"");
      }
      String metrics = admin(mesh.gateway, "/metrics").body();
      assertThat(metrics).containsPattern("rosetta_backend_endpoint_calls_total\\{backend=\"echo\",endpoint=\"127.0.0.1:"
          + port(0) + "\",grpc_code=\"OK\"} [1-9]");
    }
  }

  @Test
  void theBackendTimeoutStillBoundsCallsThroughXds() throws Exception {
    try (Mesh mesh = Mesh.serving(s -> s.withTimeout(Duration.ofMillis(300)), 0)) {
      long start = System.nanoTime();
      assertThat(Replicas.call(mesh.http, "/e2e/sleep/5000")).isEqualTo("status 504");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  /** The backend's own TLS settings (here mTLS) apply to the endpoints the control plane names. */
  @Test
  void aBackendsTlsSettingsApplyToTheEndpointsTheControlPlaneNames() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (GreeterBackend tlsBackend = GreeterBackend.start("xds-tls", b -> {
          try {
            return b.sslContext(GrpcSslContexts.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
                .trustManager(certs.ca().toFile()).clientAuth(ClientAuth.REQUIRE).build());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        XdsControlPlane plane = XdsControlPlane.start()) {
      plane.serve("echo", List.of(tlsBackend.port()));
      BackendSpec.Tls mtls = new BackendSpec.Tls(certs.ca(), certs.clientCert(), certs.clientKey(), "rosetta.test");
      try (Gateway gateway = gateway(plane, s -> s.withTls(mtls))) {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/greeter/ada"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("xds-tls greets ada");
      }
      try (Gateway plaintext = gateway(plane, s -> s)) {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + plaintext.address().getPort() + "/greeter/ada"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
      }
    }
  }

  @Test
  void startUpStopsWithoutABootstrapOrWithABalancingPolicyTheControlPlaneOwns() throws Exception {
    GatewayConfig base = GatewayHarness.onLoopback(GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null));
    assertThatThrownBy(() -> Gateway.start(base.withBackends(List.of(BackendSpec.of("echo", "xds:///echo", List.of())))))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("'xds:///echo' needs an xDS bootstrap").hasMessageContaining("--xds-bootstrap");
    try (XdsControlPlane plane = XdsControlPlane.start()) {
      assertThatThrownBy(() -> gateway(plane, s -> s.withLoadBalancing(BackendSpec.LoadBalancing.PICK_FIRST)))
          .isInstanceOf(StartupException.class).hasMessageContaining("load-balancing comes from the xDS control plane");
      assertThatThrownBy(() -> Gateway.start(base.withBackends(List.of(BackendSpec.of("echo", "xds:///echo", List.of())))
              .withBackendOptions(BackendOptions.DEFAULTS.withXds(new XdsOptions(null, "{\"node\":{}}")))))
          .isInstanceOf(StartupException.class).hasMessageContaining("is not a valid bootstrap");
    }
  }

  private static HttpResponse<String> admin(Gateway gateway, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort() + path);
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Asks {@code path} until {@code done} holds ({@link #AWAIT_MILLIS} at most); the last answer. */
  private static HttpResponse<String> awaitAdmin(Gateway gateway, String path,
      java.util.function.Predicate<HttpResponse<String>> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
    HttpResponse<String> last = admin(gateway, path);
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      last = admin(gateway, path);
    }
    return last;
  }
}
