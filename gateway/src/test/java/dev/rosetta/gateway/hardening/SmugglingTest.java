package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling and header abuse over raw sockets: every ambiguous or malformed head is a
 * JSON 400 and the connection is closed, so a request hidden behind it is never served.
 */
class SmugglingTest {
  static GatewayHarness harness;

  /** A request that would be served if the gateway read past a bad framing. */
  static final String SMUGGLED = "GET /e2e/echo/smuggled HTTP/1.1\r\nHost: h\r\n\r\n";

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static Stream<Arguments> hostileHeads() {
    String post = "POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n";
    return Stream.of(
        Arguments.of("both Content-Length and Transfer-Encoding",
            post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("Transfer-Encoding before Content-Length",
            post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("two differing Content-Length headers",
            post + "Content-Length: 2\r\nContent-Length: 48\r\n\r\n{}" + SMUGGLED),
        Arguments.of("two equal Content-Length headers",
            post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}" + SMUGGLED),
        Arguments.of("a Content-Length list", post + "Content-Length: 2, 2\r\n\r\n{}" + SMUGGLED),
        Arguments.of("a negative Content-Length", post + "Content-Length: -1\r\n\r\n{}" + SMUGGLED),
        Arguments.of("a Content-Length with a plus sign", post + "Content-Length: +2\r\n\r\n{}" + SMUGGLED),
        Arguments.of("a malformed chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("a chunk size with an overflowing value",
            post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("Transfer-Encoding gzip", post + "Transfer-Encoding: gzip\r\n\r\n{}" + SMUGGLED),
        Arguments.of("Transfer-Encoding gzip, chunked",
            post + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("Transfer-Encoding chunked twice",
            post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("Transfer-Encoding with a trailing token",
            post + "Transfer-Encoding: chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("Transfer-Encoding with a space before the colon",
            post + "Transfer-Encoding : chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("bare LF line endings", "GET /e2e/echo/a HTTP/1.1\nHost: h\n\n" + SMUGGLED),
        Arguments.of("a bare CR inside a header line", "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-A: a\rX-B: b\r\n\r\n" + SMUGGLED),
        Arguments.of("a bare LF inside the head", "GET /e2e/metadata HTTP/1.1\r\nHost: h\nX-B: b\r\n\r\n" + SMUGGLED),
        Arguments.of("non-ASCII in the request line", "GET /e2e/echo/caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n" + SMUGGLED),
        Arguments.of("a control character in the request line", "GET /e2e/echo/a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n" + SMUGGLED),
        Arguments.of("a NUL in a header value", "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n" + SMUGGLED),
        Arguments.of("a space in a header name", "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX A: b\r\n\r\n" + SMUGGLED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileHeads")
  void hostileHeadIsAJson400AndTheConnectionCloses(String name, String raw) throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Response response = client.read();
      assertThat(response).as("a response").isNotNull();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.headers().get("content-type")).isEqualTo("application/json");
      assertThat(response.body()).contains("\"code\":3").contains("\"message\":\"malformed HTTP request");
      assertThat(client.closedByServer()).as("closed after the error, smuggled request unanswered").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddValues")
  void aHeaderValueWithControlOrNonAsciiBytesIsRefusedOrNotForwarded(String name, String value) throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(("GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Odd: " + value + "\r\nX-Fine: ok\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Response response = client.read();
      if (response.status() == 400) {
        assertThat(response.body()).contains("malformed HTTP request");
        assertThat(client.closedByServer()).isTrue();
      } else {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"x-fine\":\"ok\"").doesNotContain("x-odd");
      }
    }
  }

  static Stream<Arguments> oddValues() {
    return Stream.of(
        Arguments.of("NUL", "a\u0000b"), Arguments.of("DEL", "a\u007fb"), Arguments.of("a Latin-1 byte", "caf\u00e9"),
        Arguments.of("a tab", "a\tb"), Arguments.of("ESC", "a\u001bb"), Arguments.of("vertical tab", "a\u000bb"));
  }

  static Stream<Arguments> foldedHeads() {
    return Stream.of(
        Arguments.of("on the first header", "GET /e2e/metadata HTTP/1.1\r\nX-A: one\r\n two\r\nHost: h\r\n\r\n", "'X-A'"),
        Arguments.of("on the last header", "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n", "'X-A'"),
        Arguments.of("in the middle, after an empty value",
            "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n  more\r\nX-B: b\r\n\r\n", "'X-Empty'"),
        Arguments.of("right after the request line", "GET /e2e/metadata HTTP/1.1\r\n X-A: one\r\nHost: h\r\n\r\n",
            "right after the request line"),
        Arguments.of("on a POST with a body", "POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\nX-Trace: a\r\n b\r\n\r\n{}", "'X-Trace'"));
  }

  /**
   * RFC 9112 section 5.2 lets a server either join a folded line or refuse the request; a
   * gateway refuses, since the hop behind it may read the fold differently.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("foldedHeads")
  void anObsFoldIsA400NamingTheHeaderAndTheConnectionCloses(String name, String raw, String named) throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(raw + SMUGGLED);
      assertFoldRefused(client.read(), named);
      assertThat(client.closedByServer()).as("closed after the error, smuggled request unanswered").isTrue();
    }
  }

  @Test
  void anObsFoldArrivingOneByteAtATimeIsStillRefused() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.writeByteByByte("\r\nGET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-Long-Name: one\r\n two\r\nX-B: b\r\n\r\n");
      assertFoldRefused(client.read(), "'X-Long-Name'");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void aFoldInThePipelinedSecondRequestLeavesTheFirstServed() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
          + "{\"id\":\"one\"}"
          + "GET /e2e/metadata HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n" + SMUGGLED);
      RawHttp.Response first = client.read();
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("{\"id\":\"one\"}");
      assertFoldRefused(client.read(), "'X-A'");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  /** Only the head is scanned for folds: a body line starting with a space is JSON, not a fold. */
  @Test
  void aPrettyPrintedBodyIsNotAFoldAndTheConnectionStaysUsable() throws Exception {
    String pretty = "{\n  \"id\": \"pretty\"\r\n\t}";
    String request = "POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + pretty.length() + "\r\n\r\n" + pretty;
    String chunked = "POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(pretty.length()) + "\r\n" + pretty + "\r\n0\r\n\r\n";
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write(request + chunked + request);
      assertThat(client.readAll(3)).allSatisfy(response -> {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"pretty\"}");
      });
      client.writeByteByByte(request);
      assertThat(client.read().status()).isEqualTo(200);
    }
  }

  /**
   * The answer to HEAD carries headers only, as HttpServerCodec did before the decoder became
   * our own: a JSON body sent anyway would be read as the start of the next response.
   */
  @Test
  void aHeadRequestGetsHeadersWithoutABodyAndTheConnectionGoesOn() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write("HEAD /e2e/echo/x HTTP/1.1\r\nHost: h\r\n\r\nGET /e2e/echo/y HTTP/1.1\r\nHost: h\r\n\r\n");
      RawHttp.Response head = client.readHeadResponse();
      assertThat(head.status()).isEqualTo(405);
      assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();
      RawHttp.Response get = client.read();
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("{\"id\":\"y\"}");
    }
  }

  private static void assertFoldRefused(RawHttp.Response response, String named) {
    assertThat(response).as("a response").isNotNull();
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers().get("content-type")).isEqualTo("application/json");
    assertThat(response.body()).contains("\"code\":3")
        .contains("malformed HTTP request: obsolete line folding").contains(named);
  }

  @Test
  void aWellFramedChunkedRequestIsStillServed() throws Exception {
    try (RawHttp client = new RawHttp(harness.port())) {
      client.write("POST /e2e/echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"id\"\r\n6\r\n:\"ok\"}\r\n0\r\n\r\n" + SMUGGLED);
      assertThat(client.readAll(2)).extracting(RawHttp.Response::body)
          .containsExactly("{\"id\":\"ok\"}", "{\"id\":\"smuggled\"}");
    }
  }
}
