package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamBackend;
import io.grpc.Metadata;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dispatcher on a fake connection: the answers it gives itself, and the exchange it starts for each RPC shape. */
class DispatcherTest {
  static final CorsPolicy CORS = new CorsPolicy(List.of("https://app.example"), List.of("GET", "POST"), List.of("*"),
      Duration.ofMinutes(10));
  static StreamBackend backend;
  static ExchangeFixture fx;
  static Dispatcher dispatcher;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target());
    PublicPages pages = path -> path.equals("/openapi.json") ? new PublicPages.Page("application/json", new byte[] {'{', '}'}) : null;
    dispatcher = new Dispatcher(() -> fx.engine, OPTIONS, pages, CORS);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  /** Dispatches {@code request} on a new fake connection; returns what the connection was asked. */
  static FakeConnection dispatch(HttpRequest request) throws Exception {
    FakeConnection conn = fx.connection();
    fx.run(() -> {
      ExchangeRecord record = new ExchangeRecord(ExchangeObserver.NONE, CORS, CompletedExchange.HTTP_1_1);
      record.begin(request);
      dispatcher.dispatch(request, conn, record);
    });
    return conn;
  }

  @ParameterizedTest(name = "{0} {1} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "GET     | /nowhere             |                |                         | fail 404 NOT_FOUND no_route",
      "DELETE  | /e2e/fail            |                |                         | respond 405 UNIMPLEMENTED method_not_allowed",
      "GET     | /e2e/echo/%zz        |                |                         | fail 400 INVALID_ARGUMENT invalid_path",
      "POST    | /e2e/echo            | Content-Type   | text/xml                | fail 415 INVALID_ARGUMENT unsupported_media_type",
      "POST    | /e2e/echo            | Origin         | https://evil.example    | fail 415 INVALID_ARGUMENT cross_origin_body",
      "POST    | /e2e/echo            | Content-Length | 5000                    | fail 413 RESOURCE_EXHAUSTED body_too_large",
      "GET     | /e2e/echo/1          | Grpc-Timeout   | soon                    | fail 400 INVALID_ARGUMENT bad_timeout",
      "GET     | /openapi.json        |                |                         | respond 200 OK",
      "OPTIONS | /e2e/echo            | Origin         | https://app.example     | respond 405 UNIMPLEMENTED method_not_allowed",
  })
  void answersItGivesItselfBeforeAnyExchange(String method, String uri, String header, String value, String answer)
      throws Exception {
    HttpRequest request = header == null ? request(method, uri) : request(method, uri, header, value);
    assertThat(fx.askedThenClosed(dispatch(request))).containsExactly(answer);
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered204() throws Exception {
    FakeConnection conn = dispatch(request("OPTIONS", "/e2e/echo", "Origin", "https://app.example",
        "Access-Control-Request-Method", "POST"));
    assertThat(fx.askedThenClosed(conn)).containsExactly("respond 204 OK");
  }

  @Test
  void aMethodNotAllowedNamesTheMethodsThatAre() throws Exception {
    FakeConnection conn = dispatch(request("DELETE", "/e2e/fail"));
    assertThat(fx.output(conn)).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("allow: POST\r\n");
    fx.run(conn::close);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "POST, /e2e/echo, UnaryExchange",
      "GET, /stream/count, ServerStreamExchange",
      "POST, /stream/lbl/sum, ClientStreamExchange",
      "POST, /stream/chat, ClientStreamExchange",
  })
  void eachRpcShapeStartsItsExchangeKind(String method, String uri, String kind) throws Exception {
    FakeConnection conn = dispatch(request(method, uri, "Content-Type", "application/json"));
    fx.run(() -> conn.exchange.abort());
    assertThat(fx.askedThenClosed(conn)).containsExactly("started " + kind);
  }

  @Test
  void aWebSocketUpgradeCarriesTheRequestIdAndTheDeadlineIntoTheSessionsMetadata() throws Exception {
    FakeConnection conn = dispatch(request("GET", "/stream/chat", "Upgrade", "websocket", "Connection", "Upgrade",
        "X-Request-Id", "ws-7", "Grpc-Timeout", "5S", "X-Custom", "yes"));
    assertThat(fx.askedThenClosed(conn)).containsExactly("upgrade");
    Metadata metadata = conn.upgraded.requestHeaders();
    assertThat(metadata.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("ws-7");
    assertThat(metadata.get(Metadata.Key.of("x-custom", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("yes");
    assertThat(conn.upgraded.timeoutNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
    assertThat(conn.upgraded.route().method().getName()).isEqualTo("Chat");
  }

  @Test
  void aWebSocketUpgradeOnAUnaryRouteIsRefused() throws Exception {
    FakeConnection conn = dispatch(request("GET", "/e2e/echo/1", "Upgrade", "websocket", "Connection", "Upgrade"));
    assertThat(fx.askedThenClosed(conn)).containsExactly("fail 400 INVALID_ARGUMENT websocket_unary");
  }

  @Test
  void theGatewaysRequestIdReplacesOneTheClientSentAsMetadata() throws Exception {
    FakeConnection conn = dispatch(request("GET", "/stream/count", "Upgrade", "websocket",
        "Grpc-Metadata-X-Request-Id", "forged"));
    fx.run(conn::close);
    Metadata metadata = conn.upgraded.requestHeaders();
    Iterable<String> ids = metadata.getAll(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
    assertThat(ids).hasSize(1).first().asString().matches("[0-9a-f]{32}");
  }
}
