package dev.rosetta.gateway.reflection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.testing.GatewayHarness;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code --descriptor reflection://host:port}: routes from a live server's reflection service. */
class ReflectionEndToEndTest {
  /** Echo with no descriptor file anywhere: the gateway learns the API from the server itself. */
  static final class Echo extends EchoServiceGrpc.EchoServiceImplBase {
    @Override
    public void echo(EchoMessage request, StreamObserver<EchoMessage> response) {
      response.onNext(request);
      response.onCompleted();
    }
  }

  @SuppressWarnings("deprecation") // ProtoReflectionService is the v1alpha service, on purpose
  private static Server server(String version) throws Exception {
    BindableService reflection = version.equals("v1") ? ProtoReflectionServiceV1.newInstance()
        : ProtoReflectionService.newInstance();
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new Echo()).addService(reflection).build().start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v1alpha"})
  void routesComeFromServerReflection(String version) throws Exception {
    Server server = server(version);
    String target = "127.0.0.1:" + server.getPort();
    GatewayConfig base = GatewayConfig.of(List.of("reflection://" + target), target);
    try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(base))) {
      assertThat(gateway.routes().routes()).extracting(r -> r.template().toString()).contains("/e2e/echo/{id}");
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/e2e/echo/r1"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"id\":\"r1\"");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUnreachableReflectionServerStopsStartUpNamingIt() {
    GatewayConfig config = GatewayConfig.of(List.of("reflection://127.0.0.1:1"), "127.0.0.1:1");
    assertThatThrownBy(() -> Gateway.start(GatewayHarness.onLoopback(config)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("reflection://127.0.0.1:1")
        .hasMessageContaining("UNAVAILABLE");
  }
}
