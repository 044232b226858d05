package dev.rosetta.gateway.http;

import static dev.rosetta.gateway.http.ExchangeFixture.OPTIONS;
import static dev.rosetta.gateway.http.ExchangeFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.policy.KeySource;
import dev.rosetta.gateway.policy.LocalLimitSpec;
import dev.rosetta.gateway.policy.Policies;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.PolicyRuntime;
import dev.rosetta.gateway.policy.RouteRule;
import dev.rosetta.gateway.testing.StreamBackend;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's admission slot on a fake connection, with real policies over the test routes:
 * a route without policies starts at once; a refusal is answered with its headers and starts
 * nothing; a request let through carries the policy's response headers on its answer.
 */
class AdmissionTest {
  static StreamBackend backend;
  static ExchangeFixture fx;
  static Policies policies;
  static Dispatcher dispatcher;

  @BeforeAll
  static void start() throws Exception {
    backend = StreamBackend.start();
    fx = ExchangeFixture.start(backend.target());
    LocalLimitSpec once = new LocalLimitSpec("once", 1, Duration.ofSeconds(60), 1, KeySource.parse("header:x-client"),
        100, "t.yaml:2");
    RouteRule rule = new RouteRule("t.yaml:5", List.of(), List.of(), List.of("/e2e/echo/{id}"), List.of("GET"), null,
        null, List.of("once"), null, null);
    policies = Policies.start(new PolicyConfig(List.of(), List.of(once), null, null, List.of(rule)), fx.engine.routes(),
        new PolicyRuntime(fx.loop, NioSocketChannel.class, BackendOptions.DEFAULTS, System::nanoTime));
    dispatcher = new Dispatcher(() -> fx.engine, OPTIONS, path -> null, CorsPolicy.OFF, policies::chainFor);
  }

  @AfterAll
  static void stop() throws Exception {
    policies.close();
    fx.close();
    backend.close();
  }

  private record Dispatched(FakeConnection conn, ExchangeRecord exchangeRecord) {}

  private static Dispatched dispatch(HttpRequest request) throws Exception {
    FakeConnection conn = fx.connection();
    ExchangeRecord record = new ExchangeRecord(ExchangeObserver.NONE, CorsPolicy.OFF, CompletedExchange.HTTP_1_1);
    fx.run(() -> {
      record.begin(request);
      dispatcher.dispatch(request, conn, record);
    });
    return new Dispatched(conn, record);
  }

  @Test
  void aRouteWithoutPoliciesStartsItsExchangeAtOnce() throws Exception {
    Dispatched open = dispatch(request("GET", "/e2e/names", "X-Client", "a"));

    fx.run(() -> open.conn().exchange.abort());
    assertThat(fx.askedThenClosed(open.conn())).containsExactly("started UnaryExchange");
  }

  @Test
  void aRequestLetThroughCarriesThePolicysHeadersOnItsAnswerAndARefusalStartsNothing() throws Exception {
    Dispatched first = dispatch(request("GET", "/e2e/echo/1", "X-Client", "b"));
    HttpHeaders answer = new DefaultHttpHeaders();
    fx.run(() -> {
      first.exchangeRecord().addHeaders(answer);
      first.conn().exchange.abort();
    });
    assertThat(fx.askedThenClosed(first.conn())).containsExactly("started UnaryExchange");
    assertThat(answer.get("ratelimit-policy")).isEqualTo("\"once\";q=1;w=60");
    assertThat(answer.get("ratelimit")).isEqualTo("\"once\";r=0;t=60");

    Dispatched second = dispatch(request("GET", "/e2e/echo/1", "X-Client", "b"));

    String output = fx.output(second.conn());
    assertThat(fx.askedThenClosed(second.conn())).containsExactly("respond 429 RESOURCE_EXHAUSTED rate_limited");
    assertThat(output).startsWith("HTTP/1.1 429 Too Many Requests\r\n").contains("retry-after: 60\r\n")
        .contains("ratelimit-policy: \"once\";q=1;w=60\r\n")
        .endsWith("{\"code\":8,\"message\":\"rate limit 'once' exceeded: at most 1 requests per 60s; retry in 60s\","
            + "\"details\":[]}");
  }
}
