package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.testing.GatewayHarness;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry policy (retry-attempts) through a real gateway and a real backend whose first
 * attempt at every call fails with UNAVAILABLE: GET-only methods are retried when it is on and
 * only then; a method with a POST binding never is.
 */
class RetryEndToEndTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger attempts = new AtomicInteger();
  private Server backend;

  /** EchoNested is bound to GET only; Echo has POST bindings too. Both fail their first attempt. */
  private final class FailsOnce extends EchoServiceGrpc.EchoServiceImplBase {
    @Override
    public void echoNested(EchoMessage request, StreamObserver<EchoMessage> out) {
      answer(request, out);
    }

    @Override
    public void echo(EchoMessage request, StreamObserver<EchoMessage> out) {
      answer(request, out);
    }

    private void answer(EchoMessage request, StreamObserver<EchoMessage> out) {
      if (attempts.incrementAndGet() == 1) {
        out.onError(Status.UNAVAILABLE.withDescription("first attempt fails").asRuntimeException());
        return;
      }
      out.onNext(request);
      out.onCompleted();
    }
  }

  @BeforeEach
  void startBackend() throws Exception {
    backend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new FailsOnce()).build().start();
  }

  @AfterEach
  void stopBackend() throws Exception {
    backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private Gateway gateway(int retryAttempts) throws Exception {
    BackendSpec spec = BackendSpec.of("flaky", "127.0.0.1:" + backend.getPort(), List.of())
        .withRetryAttempts(retryAttempts);
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
        .withBackends(List.of(spec));
    return Gateway.start(GatewayHarness.onLoopback(config));
  }

  private HttpResponse<String> send(Gateway gateway, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.address().getPort() + path))
        .timeout(Duration.ofSeconds(20));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aGetOnlyMethodIsRetriedOnUnavailableWhenRetriesAreOn() throws Exception {
    try (Gateway gateway = gateway(3)) {
      HttpResponse<String> response = send(gateway, "GET", "/e2e/nested/7", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(attempts.get()).isEqualTo(2);
    }
  }

  @Test
  void withRetriesOffTheClientSeesTheFirstUnavailable() throws Exception {
    try (Gateway gateway = gateway(1)) {
      HttpResponse<String> response = send(gateway, "GET", "/e2e/nested/7", null);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("first attempt fails");
      assertThat(attempts.get()).isEqualTo(1);
    }
  }

  @Test
  void aMethodWithAPostBindingIsNeverRetried() throws Exception {
    try (Gateway gateway = gateway(3)) {
      // Echo is also bound to GET /e2e/echo/{id}, but its POST binding may act on the backend:
      // a GET to it is not retried either.
      HttpResponse<String> post = send(gateway, "POST", "/e2e/echo", "{\"id\": \"x\"}");
      assertThat(post.statusCode()).isEqualTo(503);
      assertThat(attempts.get()).isEqualTo(1);
      attempts.set(0);
      assertThat(send(gateway, "GET", "/e2e/echo/x", null).statusCode()).isEqualTo(503);
      assertThat(attempts.get()).isEqualTo(1);
    }
  }
}
