package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.backend.WarmUpBackend;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.TestEngines;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start's warm-up ({@code --warm-up-connections}): real loopback connections through the
 * listener's pipeline, each calling a route on the warm-up's own backend, answered, and invisible
 * to what observes the public listener.
 */
class WarmUpTest {
  private final AtomicInteger observed = new AtomicInteger();
  private final ExchangeObserver counting = new ExchangeObserver() {
    @Override
    public void onStart() {}

    @Override
    public void onEnd(CompletedExchange exchange) {
      observed.incrementAndGet();
    }
  };
  /** The warm-up backends the tests' warm-ups started. */
  private final List<WarmUpBackend> started = new CopyOnWriteArrayList<>();
  private EventLoopGroup loops;
  private Engine engine;
  private GatewayServer server;

  @BeforeEach
  void start() throws Exception {
    loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    engine = TestEngines.of(new BackendRouter(Map.of(), null), c -> c);
    server = GatewayServer.start(engine, ServerOptions.defaults().withBindAddress("127.0.0.1").withPort(0), loops,
        NioServerSocketChannel.class, counting, PublicPages.NONE, CorsPolicy.OFF, route -> null);
  }

  @AfterEach
  void stop() {
    server.close();
    started.forEach(WarmUpBackend::close);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void everyConnectionCallsARouteOnTheWarmUpBackendAndNoneReachesTheObservers() throws Exception {
    // The real engine has no backend at all: a call that went anywhere but the warm-up backend fails.
    WarmUp.Result result = server.warmUp(300, this::warmUpBackend).get(60, TimeUnit.SECONDS);
    assertThat(result.answered()).isEqualTo(300);
    assertThat(result.asked()).isEqualTo(300);
    assertThat(result.succeeded()).as("answers that are 2xx: the route's call went through").isEqualTo(300);
    assertThat(observed).as("exchanges the public listener's observers saw").hasValue(0);
    assertThat(started).hasSize(1);
    eventually("the warm-up backend closed", Duration.ofSeconds(5), () -> started.get(0).isClosed());
    // The same request on the public port is seen: the count above could have moved.
    WarmUpRequest request = WarmUpRequest.of(engine.routes());
    try (RawHttp http = new RawHttp(server.address().getPort())) {
      http.write(new String(request.bytes(), StandardCharsets.US_ASCII));
      assertThat(http.read().status()).as("no backend behind the public listener").isNotEqualTo(200);
    }
    eventually("the public request observed", Duration.ofSeconds(5), () -> observed.get() == 1);
  }

  @Test
  void withoutARouteToCallEveryConnectionIsA404AndNoBackendStarts() throws Exception {
    server.close();
    server = GatewayServer.start(engine.withoutRoutes(), ServerOptions.defaults().withBindAddress("127.0.0.1")
        .withPort(0), loops, NioServerSocketChannel.class, counting, PublicPages.NONE, CorsPolicy.OFF, route -> null);
    WarmUp.Result result = server.warmUp(50, this::warmUpBackend).get(60, TimeUnit.SECONDS);
    assertThat(result.answered()).isEqualTo(50);
    assertThat(result.succeeded()).isZero();
    assertThat(started).isEmpty();
    assertThat(observed).hasValue(0);
  }

  @Test
  void aWarmUpBackendThatCannotStartLeavesTheConnectionPathWarmUp() throws Exception {
    WarmUp.Result result = server.warmUp(50, spec -> {
      throw new IllegalStateException("no port left");
    }).get(60, TimeUnit.SECONDS);
    assertThat(result.answered()).isEqualTo(50);
    assertThat(result.succeeded()).as("404s: the warm-up's engine had no routes").isZero();
  }

  @Test
  void theUnroutedRequestReachesNothingTheRealEngineRoutes() {
    // What keeps a warm-up request from a backend, whatever catch-all route a descriptor declares.
    assertThat(engine.routes().match("GET", "/e2e/files/a/b")).isInstanceOf(RouteLookup.Found.class);
    assertThat(engine.withoutRoutes().routes().match("GET", "/e2e/files/a/b")).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(engine.withoutRoutes().routes().routes()).isEmpty();
    assertThat(WarmUpRequest.of(engine.withoutRoutes().routes()).routed()).isFalse();
  }

  @Test
  void aLowDescriptorOrConnectionLimitMakesTheWavesSmaller() {
    assertThat(WarmUp.waveWithin(-1, 0)).as("no limit known").isEqualTo(WarmUp.WAVE);
    assertThat(WarmUp.waveWithin(1_000_000, 0)).isEqualTo(WarmUp.WAVE);
    // 900 free of a limit of 1,024: at most half of them, two per connection, over the threads.
    assertThat(WarmUp.waveWithin(900, 0)).isEqualTo(900 / 4 / WarmUp.THREADS);
    assertThat(WarmUp.waveWithin(3, 0)).isEqualTo(1);
    // --max-connections 100: never more open at once than the listener admits.
    assertThat(WarmUp.waveWithin(1_000_000, 100)).isEqualTo(100 / WarmUp.THREADS);
    assertThat(WarmUp.waveWithin(1_000_000, 5)).isEqualTo(1);
  }

  @Test
  void aLowConnectionLimitStillLetsEveryWarmUpConnectionThrough() throws Exception {
    // The warm-up stays within the limit by its waves; a connection it has closed may still be
    // counted when its next opens, so its own listener must not refuse at the limit.
    server.close();
    server = GatewayServer.start(engine, ServerOptions.defaults().withBindAddress("127.0.0.1").withPort(0)
        .withLimits(ServerOptions.defaults().limits().withMaxConnections(40)), loops, NioServerSocketChannel.class,
        counting, PublicPages.NONE, CorsPolicy.OFF, route -> null);
    WarmUp.Result result = server.warmUp(400, this::warmUpBackend).get(60, TimeUnit.SECONDS);
    assertThat(result.answered()).isEqualTo(400);
    assertThat(result.succeeded()).isEqualTo(400);
  }

  @Test
  void closingTheServerEndsAWarmUpInProgress() throws Exception {
    CompletableFuture<WarmUp.Result> running = server.warmUp(Integer.MAX_VALUE, this::warmUpBackend);
    Thread.sleep(200);
    assertThat(running).isNotDone();
    server.close();
    WarmUp.Result result = running.get(15, TimeUnit.SECONDS);
    assertThat(result.answered()).isGreaterThan(0).isLessThan(Integer.MAX_VALUE);
    eventually("the warm-up backend closed", Duration.ofSeconds(5), () -> started.get(0).isClosed());
  }

  private WarmUpBackend warmUpBackend(BackendSpec like) {
    WarmUpBackend backend = WarmUpBackend.start(like, loops, NioServerSocketChannel.class, NioSocketChannel.class,
        BackendOptions.DEFAULTS);
    started.add(backend);
    return backend;
  }
}
