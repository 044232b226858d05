package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.http.TlsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the front with certificates made by a test CA, driven by java.net.http.HttpClient. */
class TlsTest {
  @TempDir static Path dir;
  static TestPki pki;
  static Path[] server;
  static GatewayHarness both;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir);
    server = pki.issue("server", "gateway-one");
    pki.issue("client", "a-client");
    Path cert = dir.resolve("live.pem");
    Path key = dir.resolve("live.key");
    Files.copy(server[0], cert);
    Files.copy(server[1], key);
    both = GatewayHarness.start(c -> c.withServer(c.server()
        .withTls(new TlsOptions(cert, key, null, 0, Duration.ofMillis(200)))));
  }

  @AfterAll
  static void stop() throws Exception {
    both.close();
  }

  private static HttpResponse<String> get(SSLContext tls, int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int httpsPort(GatewayHarness harness) {
    return harness.gateway.httpsAddress().getPort();
  }

  @Test
  void httpsAndPlainHttpAreServedSideBySide() throws Exception {
    HttpResponse<String> secure = get(pki.clientContext(null), httpsPort(both), "/e2e/echo/secure");
    assertThat(secure.statusCode()).isEqualTo(200);
    assertThat(secure.body()).isEqualTo("{\"id\":\"secure\"}");
    assertThat(secure.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
    assertThat(both.get("/e2e/echo/plain").body()).isEqualTo("{\"id\":\"plain\"}");
  }

  @Test
  void onlyTls12AndNewerAreOffered() throws Exception {
    for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
      try (SSLSocket socket = handshake(protocol)) {
        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      }
    }
    // The JDK client would refuse TLS 1.1 itself, so ask the server what it would enable.
    assertThat(dev.rosetta.gateway.http.TlsTestAccess.enabledProtocols(
        new TlsOptions(server[0], server[1], null, -1, Duration.ZERO)))
        .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateCannotConnect() {
    assertThatThrownBy(() -> get(SSLContext.getDefault(), httpsPort(both), "/e2e/echo/x")).isInstanceOf(IOException.class);
  }

  @Test
  void aRenewedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    try (SSLSocket before = handshake("TLSv1.3")) {
      assertThat(TestPki.subject(before.getSession().getPeerCertificates()[0])).isEqualTo("CN=gateway-one");
    }
    Path[] renewed = pki.issue("renewed", "gateway-two");
    // Key first, then certificate, each replaced atomically, as cert-manager and certbot do.
    Files.copy(renewed[1], dir.resolve("live.key.tmp"));
    Files.move(dir.resolve("live.key.tmp"), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.copy(renewed[0], dir.resolve("live.pem.tmp"));
    Files.move(dir.resolve("live.pem.tmp"), dir.resolve("live.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String subject = "";
    while (!subject.equals("CN=gateway-two") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      try (SSLSocket after = handshake("TLSv1.3")) {
        subject = TestPki.subject(after.getSession().getPeerCertificates()[0]);
      }
    }
    assertThat(subject).isEqualTo("CN=gateway-two");
    assertThat(get(pki.clientContext(null), httpsPort(both), "/e2e/echo/renewed").statusCode()).isEqualTo(200);
  }

  @Test
  void withAClientCaOnlyClientsWithACertificateFromItAreServed() throws Exception {
    try (GatewayHarness mutual = GatewayHarness.start(c -> c.withServer(c.server()
        .withTls(new TlsOptions(server[0], server[1], pki.caCert, -1, Duration.ZERO))))) {
      // No separate listener: the main port speaks HTTPS only.
      assertThat(mutual.gateway.httpsAddress()).isNull();
      HttpResponse<String> withCert = get(pki.clientContext("client"), mutual.port(), "/e2e/echo/mtls");
      assertThat(withCert.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> get(pki.clientContext(null), mutual.port(), "/e2e/echo/anonymous"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void overTheConnectionLimitAnHttpsClientReadsA503OverTls() throws Exception {
    try (GatewayHarness one = GatewayHarness.start(c -> c.withServer(c.server()
            .withLimits(dev.rosetta.gateway.http.ConnectionLimits.DEFAULTS.withMaxConnections(1))
            .withTls(new TlsOptions(server[0], server[1], null, -1, Duration.ZERO))));
        dev.rosetta.gateway.testing.RawHttp holder = new dev.rosetta.gateway.testing.RawHttp(one.port())) {
      Thread.sleep(200); // the holder is accepted and counted
      HttpResponse<String> refused = get(pki.clientContext(null), one.port(), "/e2e/echo/x");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("too many connections");
    }
  }

  @Test
  void aWebSocketCallOverTheHttpsListenerIsUpgradedAndNamesAWssUrl() throws Exception {
    try (StreamHarness ws = StreamHarness.start(c -> c.withServer(c.server()
        .withTls(new TlsOptions(server[0], server[1], null, 0, Duration.ZERO))))) {
      int port = ws.gateway.httpsAddress().getPort();
      WebSocketRecorder chat = new WebSocketRecorder(HttpClient.newBuilder().sslContext(pki.clientContext(null)).build(),
          URI.create("wss://127.0.0.1:" + port + "/stream/chat"));
      assertThat(chat.send("{\"n\":4}").next()).isEqualTo("{\"n\":\"40\"}");
      chat.send("");
      assertThat(chat.close()).startsWith(WebSocket.NORMAL_CLOSURE + " ");

      // The handshake that predates RFC 6455 is the one that echoes the handshaker's URL.
      try (SSLSocket raw = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket("127.0.0.1", port)) {
        raw.setSoTimeout(5_000);
        String host = "127.0.0.1:" + port;
        raw.getOutputStream().write(("GET /stream/chat HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: WebSocket\r\n"
            + "Connection: Upgrade\r\nOrigin: https://" + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = responseHead(raw.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 101 ").containsIgnoringCase("websocket-location: wss://" + host + "/stream/chat\r\n");
      }
    }
  }

  private static String responseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static SSLSocket handshake(String protocol) throws Exception {
    SSLSocket socket = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket("127.0.0.1", httpsPort(both));
    socket.setSoTimeout(5_000);
    socket.setEnabledProtocols(new String[] {protocol});
    socket.startHandshake();
    return socket;
  }
}
