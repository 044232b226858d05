package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.http.HeaderRules;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.Json;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request headers become metadata by the documented rules; response metadata comes back as headers. */
class HeadersEndToEndTest {
  static GatewayHarness harness;
  static GatewayHarness filtered;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
    filtered = GatewayHarness.start(c -> {
      ServerOptions s = c.server();
      return c.withServer(new ServerOptions(s.bindAddress(), s.port(), s.maxInitialLineBytes(), s.maxHeaderBytes(),
          s.maxBodyBytes(), s.defaultTimeout(), new HeaderRules(List.of("x-*", "authorization"), List.of("x-secret-*"))));
    });
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    filtered.close();
  }

  private static Map<String, String> received(RawHttp.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body(), MetadataResponse.getDefaultInstance()).getHeadersMap();
  }

  @Test
  void ordinaryHeadersAreForwardedAndReservedOnesAreNot() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/metadata HTTP/1.1\r\nHost: api.example\r\nX-Custom: one\r\nAuthorization: Bearer t\r\n"
          + "Connection: keep-alive, X-Hop\r\nX-Hop: gone\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
          + "Grpc-Timeout: 10S\r\ngrpc-foo: reserved\r\nGrpc-Metadata-Tenant: acme\r\nTrace-Bin: AQID\r\n\r\n");
      Map<String, String> headers = received(raw.read());
      assertThat(headers).containsEntry("x-custom", "one").containsEntry("authorization", "Bearer t")
          .containsEntry("tenant", "acme").containsEntry("trace-bin", "AQID")
          .containsEntry("x-forwarded-host", "api.example").containsEntry("x-forwarded-for", "127.0.0.1");
      assertThat(headers).doesNotContainKeys("host", "connection", "x-hop", "keep-alive", "grpc-foo");
    }
  }

  @Test
  void forwardedForIsAppendedTo() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
      assertThat(received(raw.read())).containsEntry("x-forwarded-for", "203.0.113.9, 127.0.0.1");
    }
  }

  @Test
  void headerValuesWithControlCharactersNeverReachTheBackend() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Bad: a\u0001b\r\nX-Latin: caf\u00e9\r\nX-Good: ok\r\n\r\n");
      RawHttp.Response response = raw.read();
      if (response.status() == 200) {
        assertThat(received(response)).containsEntry("x-good", "ok").doesNotContainKeys("x-bad", "x-latin");
      } else {
        // Netty's decoder may refuse the request outright, which forwards nothing either.
        assertThat(response.status()).isEqualTo(400);
      }
    }
  }

  @Test
  void forwardAndDropPatternsNarrowWhatIsForwarded() throws Exception {
    try (RawHttp raw = new RawHttp(filtered.port())) {
      raw.write("GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Team: a\r\nX-Secret-Key: s\r\nAuthorization: t\r\nCookie: c\r\n\r\n");
      Map<String, String> headers = received(raw.read());
      assertThat(headers).containsEntry("x-team", "a").containsEntry("authorization", "t")
          .doesNotContainKeys("x-secret-key", "cookie");
    }
  }

  @Test
  void responseHeadersAndTrailersComeBackPrefixed() throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/metadata")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("grpc-metadata-x-resp-header")).hasValue("from-backend");
    assertThat(response.headers().firstValue("grpc-trailer-x-resp-trailer")).hasValue("done");
    assertThat(response.headers().map().keySet()).noneMatch(k -> k.contains("grpc-status") || k.contains("content-type") && k.startsWith("grpc"));
  }
}
