package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.StreamBackend;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket exchange on an {@link EmbeddedChannel} (frames in, frames out), against a real
 * gRPC backend. The channel is touched on the fixture's loop only, where the backend's callbacks
 * arrive too.
 */
class WebSocketExchangeTest {
  static StreamBackend backend;
  static ExchangeFixture fx;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target(), 256, codec -> codec);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    backend.close();
  }

  @Test
  void eachTextFrameIsOneRequestMessageAndEachResponseOneFrame() throws Exception {
    Drain drain = new Drain();
    EmbeddedChannel channel = fx.session(fx.route("POST", "/stream/chat"), drain);
    assertThat(drain.inFlight()).isEqualTo(1);
    fx.write(channel, new TextWebSocketFrame("{\"n\":1}"));
    fx.write(channel, new TextWebSocketFrame("{\"n\":2}"));
    fx.write(channel, new TextWebSocketFrame(""));
    assertThat(fx.framesUntilClosed(channel)).containsExactly("{\"n\":\"10\"}", "{\"n\":\"20\"}", "close 1000 ");
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void aServerStreamsOneRequestIsBoundFromThePathAndQueryAtOnce() throws Exception {
    EmbeddedChannel channel = fx.session(fx.route("GET", "/stream/count?count=2"), new Drain());
    assertThat(fx.framesUntilClosed(channel)).containsExactly("{\"n\":\"1\"}", "{\"n\":\"2\"}", "close 1000 ");
  }

  @Test
  void aBackendErrorClosesWithFourThousandPlusItsCode() throws Exception {
    EmbeddedChannel channel = fx.session(fx.route("GET", "/stream/count?count=3&failAfter=1&failCode=14"), new Drain());
    assertThat(fx.framesUntilClosed(channel)).containsExactly("{\"n\":\"1\"}", "close 4014 failed after 1");
  }

  @Test
  void aMessagePastTheBackendsLimitClosesWith4008() throws Exception {
    backend.outcomes.clear();
    // The path variable is bound into every message: each is larger than the 256-byte limit.
    EmbeddedChannel channel = fx.session(fx.route("POST", "/stream/" + "x".repeat(300) + "/sum"), new Drain());
    fx.write(channel, new TextWebSocketFrame("{\"n\":1}"));
    assertThat(fx.framesUntilClosed(channel)).containsExactly(
        "close 4008 the request message is 305 bytes, more than the backend message limit of 256 bytes");
  }

  @Test
  void aBinaryFrameForAJsonMethodClosesWith4003() throws Exception {
    EmbeddedChannel channel = fx.session(fx.route("POST", "/stream/chat"), new Drain());
    fx.write(channel, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
    assertThat(fx.framesUntilClosed(channel)).containsExactly("close 4003 binary frames are not accepted: send JSON text frames");
  }

  @Test
  void aServiceNoBackendServesClosesWith4012() throws Exception {
    EmbeddedChannel channel = fx.session(fx.route(fx.noBackends, "GET", "/stream/count?count=1"), new Drain());
    assertThat(fx.framesUntilClosed(channel)).containsExactly(
        "close 4012 no backend serves rosetta.test.stream.v1.StreamService");
  }
}
