package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.EmbeddedHttp2.request;
import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 stream's connection behind the real connection handler ({@link EmbeddedHttp2}: raw frames
 * in, raw frames out), with requests the gateway answers itself: what HTTP/2 adds to the exchange
 * layer, namely early answers and timeouts resetting the stream, client resets, HEAD, and the
 * protocol in the record.
 */
class Http2StreamConnectionTest {
  static ExchangeFixture fx;
  final List<CompletedExchange> completed = new ArrayList<>();
  final Drain drain = new Drain();
  final EmbeddedHttp2 h2 = new EmbeddedHttp2(new Http2Initializer(
      new Dispatcher(() -> fx.engine, OPTIONS, PublicPages.NONE, CorsPolicy.OFF), OPTIONS, new ExchangeObserver() {
        @Override
        public void onStart() {}

        @Override
        public void onEnd(CompletedExchange exchange) {
          completed.add(exchange);
        }
      }, CorsPolicy.OFF, drain));

  @BeforeAll
  static void start() throws Exception {
    fx = ExchangeFixture.start("127.0.0.1:1"); // never called
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @AfterEach
  void close() {
    h2.close();
  }

  @Test
  void theConnectionsWindowIsTheConfiguredOneAtTheStart() {
    assertThat(65_535 + h2.connectionWindowGranted).isEqualTo(OPTIONS.protocols().http2().connectionWindow());
  }

  @Test
  void anAnswerWithNoBodyToReadIsRecordedAsH2AndNeedsNoReset() {
    h2.headers(1, request("GET", "/nowhere"), true);
    assertThat(h2.frames()).containsExactly("HEADERS 1 404 end=false length=61",
        "DATA 1 {\"code\":5,\"message\":\"no route for GET /nowhere\",\"details\":[]} end=true");
    assertThat(completed).singleElement().satisfies(e -> {
      assertThat(e.protocol()).isEqualTo("h2");
      assertThat(e.reason()).isEqualTo("no_route");
    });
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void aBodyRefusedBeforeItEndsIsAnsweredThenTheStreamIsResetWithNoError() {
    h2.headers(1, request("POST", "/e2e/echo", "content-type", "application/json"), false);
    h2.data(1, "x".repeat(2000), false);
    assertThat(h2.frames()).containsExactly("HEADERS 1 413 end=false length=87",
        "DATA 1 {\"code\":8,\"message\":\"request body is larger than the limit of 1024 bytes\",\"details\":[]} end=true",
        "RST_STREAM 1 NO_ERROR");
    assertThat(drain.inFlight()).isZero();
    h2.data(1, "more", true);
    assertThat(h2.frames()).as("nothing more for a stream that is over").allMatch(f -> f.startsWith("RST_STREAM 1"));
    h2.headers(3, request("GET", "/nowhere"), true);
    assertThat(h2.frames()).as("the connection serves on").first().asString().startsWith("HEADERS 3 404");
  }

  @Test
  void aBodyThatStopsComingIsAnswered408AfterTheReadTimeoutThenReset() {
    h2.headers(1, request("POST", "/e2e/echo", "content-type", "application/json"), false);
    h2.data(1, "{\"id\":", false);
    assertThat(h2.frames()).isEmpty();
    h2.server.advanceTimeBy(OPTIONS.limits().requestReadTimeout().toSeconds() + 1, TimeUnit.SECONDS);
    h2.server.runScheduledPendingTasks();
    assertThat(h2.frames()).containsExactly("HEADERS 1 408 end=false length=72",
        "DATA 1 {\"code\":4,\"message\":\"request not received within 30000 ms\",\"details\":[]} end=true",
        "RST_STREAM 1 NO_ERROR");
    assertThat(completed).singleElement().extracting(CompletedExchange::reason).isEqualTo("request_timeout");
  }

  @Test
  void aResetFromTheClientEndsTheStreamAndCountsAsClientClosed() {
    h2.headers(1, request("POST", "/e2e/echo", "content-type", "application/json"), false);
    assertThat(drain.inFlight()).isOne();
    h2.reset(1, Http2Error.CANCEL);
    assertThat(h2.frames()).isEmpty();
    assertThat(completed).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(499);
      assertThat(e.reason()).isEqualTo("client_closed");
    });
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void theAnswerToAHeadKeepsItsLengthAndSendsNoBody() {
    h2.headers(1, request("HEAD", "/e2e/echo/x"), true);
    assertThat(h2.frames()).singleElement().asString().matches("HEADERS 1 405 end=true length=[1-9][0-9]*");
  }

  @Test
  void aRequestWithoutAPathIsResetAndTheConnectionServesOn() {
    h2.headers(1, new io.netty.handler.codec.http2.DefaultHttp2Headers().method("GET").scheme("http"), true);
    assertThat(h2.frames()).containsExactly("RST_STREAM 1 PROTOCOL_ERROR");
    h2.headers(3, request("GET", "/nowhere"), true);
    assertThat(h2.frames()).first().asString().startsWith("HEADERS 3 404");
  }
}
