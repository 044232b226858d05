package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.testing.RawHttp;
import dev.rosetta.gateway.testing.TestEngines;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start's warm-up ({@code --warm-up-connections}): real loopback connections through the
 * listener's pipeline, answered, and invisible to what observes the public listener.
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
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void everyConnectionIsAnsweredAndNoneReachesTheObservers() throws Exception {
    WarmUp.Result result = server.warmUp(300).get(60, TimeUnit.SECONDS);
    assertThat(result.answered()).isEqualTo(300);
    assertThat(result.asked()).isEqualTo(300);
    assertThat(observed).as("exchanges the public listener's observers saw").hasValue(0);
    // The same request on the public port is seen: the count above could have moved.
    try (RawHttp http = new RawHttp(server.address().getPort())) {
      http.write("POST " + WarmUp.PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}");
      assertThat(http.read().status()).isEqualTo(404);
    }
    eventually("the public request observed", Duration.ofSeconds(5), () -> observed.get() == 1);
  }

  @Test
  void theWarmUpsEngineRoutesNothingTheRealOneRoutes() {
    // What keeps a warm-up request from a backend, whatever catch-all route a descriptor declares.
    assertThat(engine.routes().match("GET", "/e2e/files/a/b")).isInstanceOf(RouteLookup.Found.class);
    assertThat(engine.withoutRoutes().routes().match("GET", "/e2e/files/a/b")).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(engine.withoutRoutes().routes().routes()).isEmpty();
  }

  @Test
  void closingTheServerEndsAWarmUpInProgress() throws Exception {
    CompletableFuture<WarmUp.Result> running = server.warmUp(Integer.MAX_VALUE);
    Thread.sleep(200);
    assertThat(running).isNotDone();
    server.close();
    WarmUp.Result result = running.get(15, TimeUnit.SECONDS);
    assertThat(result.answered()).isGreaterThan(0).isLessThan(Integer.MAX_VALUE);
  }
}
