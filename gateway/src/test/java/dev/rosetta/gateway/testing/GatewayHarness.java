package dev.rosetta.gateway.testing;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A gateway on an ephemeral loopback port in front of a real {@link EchoBackend}, driven by a
 * real HTTP client. Every test class gets its own; close it in {@code @AfterAll}.
 */
public final class GatewayHarness implements AutoCloseable {
  /** The test protos' descriptor set, written by the build next to the test classes. */
  public static final Path TEST_DESCRIPTORS = Path.of("target/test-classes/descriptors/test.pb");

  public final EchoBackend backend;
  public final Gateway gateway;
  public final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private GatewayHarness(EchoBackend backend, Gateway gateway) {
    this.backend = backend;
    this.gateway = gateway;
  }

  public static GatewayHarness start() throws Exception {
    return start(c -> c);
  }

  /** Starts with the default test configuration changed by {@code tweak}. */
  public static GatewayHarness start(UnaryOperator<GatewayConfig> tweak) throws Exception {
    EchoBackend backend = EchoBackend.start();
    GatewayConfig config = GatewayConfig.of(List.of(TEST_DESCRIPTORS.toString()), backend.target());
    config = onLoopback(config);
    try {
      return new GatewayHarness(backend, Gateway.start(tweak.apply(config)));
    } catch (Exception e) {
      backend.close();
      throw e;
    }
  }

  /** {@code config} listening on an ephemeral port of 127.0.0.1, as every test gateway does. */
  public static GatewayConfig onLoopback(GatewayConfig config) {
    return config.withServer(config.server().withBindAddress("127.0.0.1").withPort(0));
  }

  public int port() {
    return gateway.address().getPort();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  public HttpResponse<String> send(String method, String pathAndQuery, String jsonBody)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Content-Type", "application/json")
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    backend.close();
  }
}
