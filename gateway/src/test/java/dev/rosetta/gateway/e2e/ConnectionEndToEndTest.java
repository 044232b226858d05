package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive, pipelining and connection closing, over raw sockets. */
class ConnectionEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      // The slow one first: its answer must still come first.
      raw.write("GET /e2e/sleep/300 HTTP/1.1\r\nHost: h\r\n\r\n"
          + "GET /e2e/echo/second HTTP/1.1\r\nHost: h\r\n\r\n"
          + "GET /e2e/missing HTTP/1.1\r\nHost: h\r\n\r\n"
          + "POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"id\":\"4th\"}");
      List<RawHttp.Response> responses = raw.readAll(4);
      assertThat(responses).extracting(RawHttp.Response::status).containsExactly(200, 200, 404, 200);
      assertThat(responses.get(0).body()).isEqualTo("{\"count\":300}");
      assertThat(responses.get(1).body()).isEqualTo("{\"id\":\"second\"}");
      assertThat(responses.get(3).body()).isEqualTo("{\"id\":\"4th\"}");
    }
  }

  @Test
  void earlyErrorSkipsTheUnreadBodyAndKeepsTheConnection() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("POST /e2e/missing HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\":123}\n"
          + "GET /e2e/echo/after HTTP/1.1\r\nHost: h\r\n\r\n");
      List<RawHttp.Response> responses = raw.readAll(2);
      assertThat(responses).extracting(RawHttp.Response::status).containsExactly(404, 200);
      assertThat(responses.get(1).body()).isEqualTo("{\"id\":\"after\"}");
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/echo/x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void http10ClosesAfterTheResponse() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/echo/old HTTP/1.0\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("{\"id\":\"old\"}");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void garbageRequestLineIs400AndCloses() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("\u0001\u0002 nonsense\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("\"code\":3");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void overlongRequestLineIs414() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/echo/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(414);
    }
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/echo/a HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(431);
    }
  }
}
