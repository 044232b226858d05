package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.LibraryGateway;
import dev.rosetta.gateway.testing.NodeClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @connectrpc/connect-node} with code from {@code protoc-gen-es}, over its connect and
 * grpc-web transports on HTTP/1.1, binary and JSON, against the gateway in front of the example
 * backend: unary calls, server streams, errors with details, deadlines, the GET form and gzip
 * ({@code src/test/node/clients.test.mjs}, run by node's own test runner). The gateway's metrics
 * then show the GETs and both protocol labels.
 */
class ConnectNodeClientTest {
  @Test
  void connectNodeCallsTheGatewayOverConnectAndGrpcWeb() throws Exception {
    NodeClients.prepare();
    try (LibraryGateway library = LibraryGateway.start()) {
      NodeClients.Result result = NodeClients.run(List.of("node", "--test", "--test-reporter=tap", "clients.test.mjs"),
          Map.of("GATEWAY_URL", library.baseUrl()), 180);
      assertThat(result.exit()).as(result.output()).isZero();
      assertThat(result.output()).contains("# fail 0").containsPattern("# pass [1-9]");

      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(library.admin("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String getShelf = "route=\"/" + LibraryGateway.SERVICE + "/GetShelf\",status=\"200\"";
      assertThat(metrics)
          .contains("rosetta_http_requests_total{http_method=\"GET\",protocol=\"connect\"," + getShelf)
          .contains("rosetta_http_requests_total{http_method=\"POST\",protocol=\"grpc-web\"," + getShelf);
    }
  }
}
