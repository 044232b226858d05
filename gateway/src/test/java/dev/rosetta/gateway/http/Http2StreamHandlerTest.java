package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 stream handler on an {@link EmbeddedChannel} standing for one stream's child channel
 * (what {@link Http2StreamCodec} would hand it and take from it: {@link Http2StreamCodecTest}),
 * with requests the gateway answers itself: what HTTP/2 adds to the exchange layer, namely early
 * answers and timeouts resetting the stream, client resets, HEAD, and the protocol in the record.
 */
class Http2StreamHandlerTest {
  static ExchangeFixture fx;
  final List<CompletedExchange> completed = new ArrayList<>();
  final Drain drain = new Drain();

  @BeforeAll
  static void start() throws Exception {
    fx = ExchangeFixture.start("127.0.0.1:1"); // never called
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  EmbeddedChannel stream() {
    ExchangeObserver observer = new ExchangeObserver() {
      @Override
      public void onStart() {}

      @Override
      public void onEnd(CompletedExchange exchange) {
        completed.add(exchange);
      }
    };
    Dispatcher dispatcher = new Dispatcher(() -> fx.engine, OPTIONS, PublicPages.NONE, CorsPolicy.OFF);
    return new EmbeddedChannel(new Http2StreamHandler(dispatcher, new RequestGuard(100), OPTIONS, observer,
        CorsPolicy.OFF, drain));
  }

  /** The responses and resets the stream wrote, as "404 body" and "RST NO_ERROR"; released. */
  static List<String> written(EmbeddedChannel stream) {
    List<String> out = new ArrayList<>();
    for (Object msg; (msg = stream.readOutbound()) != null; ) {
      if (msg instanceof FullHttpResponse response) {
        out.add(response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8));
        response.release();
      } else if (msg instanceof Http2ResetFrame reset) {
        out.add("RST " + Http2Error.valueOf(reset.errorCode()));
      }
    }
    return out;
  }

  @Test
  void anAnswerWithNoBodyToReadIsRecordedAsH2AndNeedsNoReset() {
    EmbeddedChannel stream = stream();
    // HEADERS with END_STREAM, as the frame codec hands it on.
    stream.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/nowhere"));
    assertThat(written(stream)).containsExactly("404 {\"code\":5,\"message\":\"no route for GET /nowhere\",\"details\":[]}");
    assertThat(completed).singleElement().satisfies(e -> {
      assertThat(e.protocol()).isEqualTo("h2");
      assertThat(e.reason()).isEqualTo("no_route");
    });
    assertThat(drain.inFlight()).isZero();
    stream.finishAndReleaseAll();
  }

  @Test
  void aBodyRefusedBeforeItEndsIsAnsweredThenTheStreamIsResetWithNoError() {
    EmbeddedChannel stream = stream();
    stream.writeInbound(request("POST", "/e2e/echo", "content-type", "application/json"));
    stream.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("x".repeat(2000), StandardCharsets.UTF_8)));
    assertThat(written(stream)).containsExactly(
        "413 {\"code\":8,\"message\":\"request body is larger than the limit of 1024 bytes\",\"details\":[]}",
        "RST NO_ERROR");
    assertThat(stream.isOpen()).as("the stream's channel closes, dropping the unread body").isFalse();
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void aBodyThatStopsComingIsAnswered408AfterTheReadTimeoutThenReset() {
    EmbeddedChannel stream = stream();
    stream.writeInbound(request("POST", "/e2e/echo", "content-type", "application/json"));
    stream.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("{\"id\":", StandardCharsets.UTF_8)));
    assertThat(written(stream)).isEmpty();
    stream.advanceTimeBy(OPTIONS.limits().requestReadTimeout().toSeconds() + 1, TimeUnit.SECONDS);
    stream.runScheduledPendingTasks();
    assertThat(written(stream)).containsExactly(
        "408 {\"code\":4,\"message\":\"request not received within 30000 ms\",\"details\":[]}", "RST NO_ERROR");
    assertThat(completed).singleElement().extracting(CompletedExchange::reason).isEqualTo("request_timeout");
  }

  @Test
  void aResetFromTheClientClosesTheStreamAndCountsAsClientClosed() {
    EmbeddedChannel stream = stream();
    stream.writeInbound(request("POST", "/e2e/echo", "content-type", "application/json"));
    assertThat(drain.inFlight()).isOne();
    stream.pipeline().fireUserEventTriggered(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
    assertThat(stream.isOpen()).isFalse();
    assertThat(written(stream)).isEmpty();
    assertThat(completed).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(499);
      assertThat(e.reason()).isEqualTo("client_closed");
    });
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void theAnswerToAHeadKeepsItsLengthAndSendsNoBody() {
    EmbeddedChannel stream = stream();
    stream.writeInbound(request("HEAD", "/e2e/echo/x"), LastHttpContent.EMPTY_LAST_CONTENT);
    FullHttpResponse response = stream.readOutbound();
    try {
      assertThat(response.status().code()).isEqualTo(405);
      assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isPositive();
      assertThat(response.content().readableBytes()).isZero();
    } finally {
      response.release();
    }
    stream.finishAndReleaseAll();
  }
}
