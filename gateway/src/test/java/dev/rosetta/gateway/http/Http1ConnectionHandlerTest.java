package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 connection handler on an {@link EmbeddedChannel}, with requests the gateway answers
 * itself (no backend call): the order of pipelined answers, keep-alive, skipped bodies, and what
 * each exchange is recorded as.
 */
class Http1ConnectionHandlerTest {
  static ExchangeFixture fx;
  final List<CompletedExchange> completed = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fx = ExchangeFixture.start("127.0.0.1:1"); // never called
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  EmbeddedChannel connection() {
    ExchangeObserver observer = new ExchangeObserver() {
      @Override
      public void onStart() {}

      @Override
      public void onEnd(CompletedExchange exchange) {
        completed.add(exchange);
      }
    };
    Dispatcher dispatcher = new Dispatcher(() -> fx.engine, OPTIONS, PublicPages.NONE, CorsPolicy.OFF);
    return new EmbeddedChannel(new Http1ConnectionHandler(dispatcher, OPTIONS, observer, CorsPolicy.OFF, new Drain()));
  }

  static List<String> answers(EmbeddedChannel channel) {
    List<String> out = new ArrayList<>();
    for (FullHttpResponse response; (response = channel.readOutbound()) != null; ) {
      out.add(response.status().code() + " " + response.headers().get(HttpHeaderNames.CONNECTION, "-"));
      response.release();
    }
    return out;
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndRecordedWithProtocolAndReason() {
    EmbeddedChannel channel = connection();
    channel.writeInbound(request("GET", "/nowhere"), LastHttpContent.EMPTY_LAST_CONTENT,
        request("DELETE", "/e2e/fail"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(answers(channel)).containsExactly("404 -", "405 -");
    assertThat(completed).extracting(CompletedExchange::protocol).containsExactly("http/1.1", "http/1.1");
    assertThat(completed).extracting(CompletedExchange::reason).containsExactly("no_route", "method_not_allowed");
    assertThat(channel.isOpen()).isTrue();
    channel.finishAndReleaseAll();
  }

  @Test
  void aBodyRefusedForItsDeclaredLengthIsNotReadAndTheConnectionCloses() {
    EmbeddedChannel channel = connection();
    channel.writeInbound(request("POST", "/e2e/echo", "Content-Type", "application/json", "Content-Length", "5000"));
    assertThat(answers(channel)).containsExactly("413 close");
    assertThat(completed).extracting(CompletedExchange::reason).containsExactly("body_too_large");
    closesAfterLingering(channel);
    channel.finishAndReleaseAll();
  }

  @Test
  void theBodyOfARequestAnsweredEarlyIsSkippedAndTheNextRequestIsServed() {
    EmbeddedChannel channel = connection();
    channel.writeInbound(request("POST", "/e2e/echo", "Content-Type", "text/xml", "Content-Length", "6"),
        new DefaultHttpContent(Unpooled.copiedBuffer("{\"a\"", StandardCharsets.UTF_8)),
        new DefaultLastHttpContent(Unpooled.copiedBuffer(":1", StandardCharsets.UTF_8)),
        request("GET", "/nowhere"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(answers(channel)).containsExactly("415 -", "404 -");
    assertThat(completed).extracting(CompletedExchange::reason).containsExactly("unsupported_media_type", "no_route");
    channel.finishAndReleaseAll();
  }

  @Test
  void aBodyPastTheLimitWhileItIsReadIsAnswered413AndClosesTheConnection() {
    EmbeddedChannel channel = connection();
    channel.writeInbound(request("POST", "/e2e/echo", "Content-Type", "application/json", "Transfer-Encoding", "chunked"),
        new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1000])),
        new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[100])));
    assertThat(answers(channel)).containsExactly("413 close");
    closesAfterLingering(channel);
    channel.finishAndReleaseAll();
  }

  /**
   * The client may still be sending the refused body: it is dropped as bytes, undecoded, and the
   * connection closes when the linger ends (LingeringClose), not at once.
   */
  private static void closesAfterLingering(EmbeddedChannel channel) {
    assertThat(channel.isOpen()).isTrue();
    ByteBuf more = Unpooled.copiedBuffer("GET /nowhere HTTP/1.1\r\n\r\n", StandardCharsets.UTF_8);
    channel.writeInbound(more);
    assertThat(more.refCnt()).as("dropped").isZero();
    assertThat((Object) channel.readOutbound()).as("not taken for a request").isNull();
    channel.advanceTimeBy(LingeringClose.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aClientThatLeavesMidRequestIsRecordedAs499ClientClosed() {
    EmbeddedChannel channel = connection();
    channel.writeInbound(request("POST", "/e2e/echo", "Content-Type", "application/json", "Content-Length", "10"),
        new DefaultHttpContent(Unpooled.copiedBuffer("{\"id\"", StandardCharsets.UTF_8)));
    channel.close();
    assertThat(completed).extracting(c -> c.status() + " " + c.grpcCode() + " " + c.reason())
        .containsExactly("499 CANCELLED client_closed");
    channel.finishAndReleaseAll();
  }
}
