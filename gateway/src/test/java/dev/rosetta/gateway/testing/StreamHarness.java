package dev.rosetta.gateway.testing;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A gateway on an ephemeral loopback port in front of a real {@link StreamBackend}. */
public final class StreamHarness implements AutoCloseable {
  public final StreamBackend backend;
  public final Gateway gateway;
  public final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private StreamHarness(StreamBackend backend, Gateway gateway) {
    this.backend = backend;
    this.gateway = gateway;
  }

  public static StreamHarness start(UnaryOperator<GatewayConfig> tweak) throws Exception {
    StreamBackend backend = StreamBackend.start();
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), backend.target());
    config = GatewayHarness.onLoopback(config);
    try {
      return new StreamHarness(backend, Gateway.start(tweak.apply(config)));
    } catch (Exception e) {
      backend.close();
      throw e;
    }
  }

  public int port() {
    return gateway.address().getPort();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    backend.close();
  }
}
