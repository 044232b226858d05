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
 * {@code @connectrpc/connect-node} with code from {@code protoc-gen-es}, against the gateway in
 * front of the example backend, run by node's own test runner: its connect and grpc-web
 * transports on HTTP/1.1 (unary calls, server streams, errors with details, deadlines, the GET
 * form and gzip: {@code src/test/node/clients.test.mjs}), and its grpc transport and connect
 * transport on HTTP/2 (h2c), binary and JSON, every RPC shape: client streams and bidi streams
 * too, typed error details, deadlines on unary calls and streams ({@code clients-h2.test.mjs}).
 * The gateway's metrics then show the GETs and the three protocol labels.
 */
class ConnectNodeClientTest {
  @Test
  void connectNodeCallsTheGatewayOverConnectGrpcWebAndGrpc() throws Exception {
    NodeClients.prepare();
    try (LibraryGateway library = LibraryGateway.start()) {
      NodeClients.Result result = NodeClients.run(List.of("node", "--test", "--test-reporter=tap", "clients.test.mjs", "clients-h2.test.mjs"),
          Map.of("GATEWAY_URL", library.baseUrl()), 180);
      assertThat(result.exit()).as(result.output()).isZero();
      assertThat(result.output()).contains("# fail 0").containsPattern("# pass [1-9]");

      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(library.admin("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String getShelf = "route=\"/" + LibraryGateway.SERVICE + "/GetShelf\",status=\"200\"";
      // A bidi call answered 200 over Connect proves HTTP/2: over HTTP/1.1 Connect's answer is 505.
      String askLibrarian = "route=\"/" + LibraryGateway.SERVICE + "/AskLibrarian\",status=\"200\"";
      assertThat(metrics)
          .contains("rosetta_http_requests_total{http_method=\"GET\",protocol=\"connect\",reason=\"\"," + getShelf)
          .contains("rosetta_http_requests_total{http_method=\"POST\",protocol=\"grpc-web\",reason=\"\"," + getShelf)
          .contains("rosetta_http_requests_total{http_method=\"POST\",protocol=\"grpc\",reason=\"\"," + askLibrarian)
          .contains("rosetta_http_requests_total{http_method=\"POST\",protocol=\"connect\",reason=\"\"," + askLibrarian);
    }
  }
}
