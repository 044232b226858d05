package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.http.GatewayServer;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.StreamBackend;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.TestEngines;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every exchange kind does alike, through a real gateway and real clients: the three places
 * where the unary, streaming and WebSocket exchanges used to differ.
 */
class ExchangeParityEndToEndTest {
  private static final String LONG = "x".repeat(1500);

  /** A gateway whose request bodies and backend messages are both limited to 1 KiB. */
  private static StreamHarness smallMessages() throws Exception {
    return StreamHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(1024))
        .withBackendOptions(new BackendOptions(1024, 4 << 20)));
  }

  @Test
  void aBindingFailureIsTheSameJson500ForUnaryAndServerStreamingRequests() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (StreamBackend backend = StreamBackend.start();
        Backend channel = new Backend(backend.target(), group, NioSocketChannel.class, BackendOptions.DEFAULTS);
        GatewayServer server = GatewayServer.start(
            TestEngines.of(BackendRouter.of(List.of(channel)), TestEngines.ThrowingParser::new),
            ServerOptions.defaults().withBindAddress("127.0.0.1").withPort(0), group, NioServerSocketChannel.class)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (String path : List.of("/e2e/echo", "/stream/count")) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(500);
        assertThat(response.body()).as(path)
            .isEqualTo("{\"code\":13,\"message\":\"cannot build the request message\",\"details\":[]}");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aStreamedUploadsMessagePastTheBackendLimitIs413AsForAUnaryCall() throws Exception {
    try (StreamHarness gw = smallMessages()) {
      // The path variable goes into every message: {"n":1} becomes a message of 1505 bytes.
      HttpResponse<String> response = gw.client.send(HttpRequest.newBuilder(gw.uri("/stream/" + LONG + "/sum"))
          .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}\n"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).isEqualTo("{\"code\":8,\"message\":\"the request message is 1505 bytes, more than"
          + " the backend message limit of 1024 bytes\",\"details\":[]}");
    }
    try (GatewayHarness gw = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(1024))
        .withBackendOptions(new BackendOptions(1024, 4 << 20)))) {
      HttpResponse<String> response = gw.send("POST", "/e2e/echo/" + LONG + ":touch", "{}");
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("more than the backend message limit of 1024 bytes");
    }
  }

  @Test
  void aWebSocketMessagePastTheBackendLimitClosesWithResourceExhausted() throws Exception {
    try (StreamHarness gw = smallMessages()) {
      WebSocketRecorder ws = new WebSocketRecorder(gw.client,
          URI.create("ws://127.0.0.1:" + gw.port() + "/stream/" + LONG + "/sum"));
      ws.send("{\"n\":1}");
      assertThat(ws.close()).isEqualTo("4008 the request message is 1505 bytes, more than the backend message limit"
          + " of 1024 bytes");
    }
  }

  @Test
  void aWebSocketSessionSendsItsRequestIdToTheBackendAndReturnsItInThe101() throws Exception {
    try (StreamHarness gw = StreamHarness.start(c -> c)) {
      WebSocketRecorder ws = new WebSocketRecorder(gw.client.newWebSocketBuilder().header("X-Request-Id", "ws-1"),
          URI.create("ws://127.0.0.1:" + gw.port() + "/stream/count?count=1"));
      assertThat(ws.rest()).isEqualTo("{\"n\":\"1\"} | 1000 ");
      assertThat(gw.backend.requestIds.poll(10, TimeUnit.SECONDS)).isEqualTo("ws-1");

      try (RawHttp raw = new RawHttp(gw.port())) {
        raw.write("GET /stream/count?count=1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        RawHttp.Response head = raw.readHeadResponse();
        assertThat(head.status()).isEqualTo(101);
        String id = head.headers().get("x-request-id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(gw.backend.requestIds.poll(10, TimeUnit.SECONDS)).isEqualTo(id);
      }
    }
  }
}
