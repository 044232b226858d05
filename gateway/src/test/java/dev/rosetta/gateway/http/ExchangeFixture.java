package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.TestEngines;
import io.grpc.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What the exchange unit tests share: one event loop (a group of one), the engine of the test
 * descriptors with a real backend channel on that loop, as in the gateway (the exchange and its
 * backend call on one thread), and {@link FakeConnection}s confined to it. Tests act on the loop
 * through {@link #onLoop} and wait with {@link #until}.
 */
final class ExchangeFixture implements AutoCloseable {
  /** A 1 KiB body limit, so that tests can pass it. */
  static final ServerOptions OPTIONS = ServerOptions.defaults().withMaxBodyBytes(1024);
  static final Duration WAIT = Duration.ofSeconds(10);

  private final EventLoopGroup group;
  private final Backend backend;
  final EventLoop loop;
  final Engine engine;
  /** The same routes, with no backend for any service. */
  final Engine noBackends;

  private ExchangeFixture(EventLoopGroup group, Backend backend, Engine engine, Engine noBackends) {
    this.group = group;
    this.backend = backend;
    this.loop = group.next();
    this.engine = engine;
    this.noBackends = noBackends;
  }

  /** The backend at {@code target} with the default message limit and codec. */
  static ExchangeFixture start(String target) throws Exception {
    return start(target, 16 << 20, codec -> codec);
  }

  /**
   * @param maxMessageBytes the backend's message limit ({@code --max-message-size})
   * @param codec wraps the fast codec, e.g. to make it fail
   */
  static ExchangeFixture start(String target, int maxMessageBytes, UnaryOperator<JsonCodec> codec) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Backend backend = new Backend(target, group, NioSocketChannel.class, new BackendOptions(maxMessageBytes, 4 << 20));
    return new ExchangeFixture(group, backend, TestEngines.of(BackendRouter.of(List.of(backend)), codec),
        TestEngines.of(new BackendRouter(Map.of(), null), codec));
  }

  FakeConnection connection() {
    return new FakeConnection(loop, this);
  }

  /** A request head; {@code headers} are name, value pairs. */
  static HttpRequest request(String method, String uri, String... headers) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    return request;
  }

  /** The request routed as the dispatcher would, with a 10 s deadline and no metadata. */
  RoutedRequest route(Engine engine, String method, String uri, String... headers) {
    HttpRequest request = request(method, uri, headers);
    int question = uri.indexOf('?');
    RouteLookup lookup = engine.routes().match(method, question < 0 ? uri : uri.substring(0, question));
    assertThat(lookup).as(method + " " + uri).isInstanceOf(RouteLookup.Found.class);
    return new RoutedRequest(engine, ((RouteLookup.Found) lookup).match(), question < 0 ? null : uri.substring(question + 1),
        request, new Metadata(), TimeUnit.SECONDS.toNanos(10));
  }

  RoutedRequest route(String method, String uri, String... headers) {
    return route(engine, method, uri, headers);
  }

  /** Runs {@code action} on the loop and returns its result. */
  <T> T onLoop(Callable<T> action) throws Exception {
    return loop.submit(action).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Runs {@code action} on the loop. */
  void run(LoopAction action) throws Exception {
    onLoop(() -> {
      action.run();
      return null;
    });
  }

  /** Waits until {@code conn} was asked {@code ask} (one of its lines, exactly). */
  void until(FakeConnection conn, String ask) throws Exception {
    Eventually.eventually("asked \"" + ask + "\"", WAIT, () -> onLoop(() -> conn.asked.contains(ask)));
  }

  /** What {@code conn} was asked so far. */
  List<String> asked(FakeConnection conn) throws Exception {
    return onLoop(() -> List.copyOf(conn.asked));
  }

  /** What {@code conn} was asked; its buffers are released, as the exchange is over. */
  List<String> askedThenClosed(FakeConnection conn) throws Exception {
    return onLoop(() -> {
      List<String> asked = List.copyOf(conn.asked);
      conn.close();
      return asked;
    });
  }

  /** A WebSocket session of {@code routed} on an {@link EmbeddedChannel} confined to the loop, counted in {@code drain}. */
  EmbeddedChannel session(RoutedRequest routed, Drain drain) throws Exception {
    return onLoop(() -> new EmbeddedChannel(new WebSocketExchange(routed, drain)));
  }

  /** Writes a frame into a session. */
  void write(EmbeddedChannel session, WebSocketFrame frame) throws Exception {
    run(() -> session.writeInbound(frame));
  }

  /** The frames a session wrote until its close frame ("close 1000 reason"), which must come in time; released. */
  List<String> framesUntilClosed(EmbeddedChannel session) throws Exception {
    List<String> all = new ArrayList<>();
    Eventually.eventually("a close frame", WAIT, () -> onLoop(() -> {
      for (WebSocketFrame frame; (frame = session.readOutbound()) != null; ) {
        all.add(frame instanceof CloseWebSocketFrame close
            ? "close " + close.statusCode() + " " + close.reasonText()
            : frame.content().toString(StandardCharsets.UTF_8));
        frame.release();
      }
      return !all.isEmpty() && all.get(all.size() - 1).startsWith("close ");
    }));
    assertThat(onLoop(session::isOpen)).as("closed after the close frame").isFalse();
    return all;
  }

  /** What a client of {@code conn} read so far. */
  String output(FakeConnection conn) throws Exception {
    return onLoop(conn::output);
  }

  /** Hands {@code text} to the exchange as one body chunk, released afterwards as a connection does. */
  static boolean add(Exchange exchange, String text) {
    ByteBuf chunk = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    try {
      return exchange.addContent(chunk);
    } finally {
      chunk.release();
    }
  }

  @Override
  public void close() throws Exception {
    backend.close(1000);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @FunctionalInterface
  interface LoopAction {
    void run() throws Exception;
  }
}
