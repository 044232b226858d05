package dev.rosetta.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * What the policy tests share: the example library API's real route table, two real event
 * loops (the gateway's kind), a clock the test moves, and a way to ask a chain for a decision
 * the way a front end does (on a loop, waiting for the answer with a deadline).
 */
final class PolicyFixture implements AutoCloseable {
  static final String LIBRARY = "rosetta.examples.library.v1.LibraryService";
  static final RouteTable ROUTES = routes();

  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  /** Nanoseconds; starts at the real clock, moves only when a test moves it. */
  final AtomicLong nanos = new AtomicLong(System.nanoTime());
  /** Closed by {@link #close}, last added first, before the event loops. */
  private final java.util.Deque<AutoCloseable> closeLater = new java.util.ArrayDeque<>();

  /** {@code part} is closed with the fixture. */
  <T extends AutoCloseable> T closeLater(T part) {
    closeLater.push(part);
    return part;
  }

  PolicyRuntime runtime() {
    return new PolicyRuntime(group, NioSocketChannel.class, BackendOptions.DEFAULTS, nanos::get);
  }

  /** Policies over the library routes, closed with the fixture. */
  Policies start(PolicyConfig config) throws PolicyException {
    return closeLater(Policies.start(config, ROUTES, runtime()));
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  /** The route {@code httpMethod template} of the library API. */
  static Route route(String httpMethod, String template) {
    return ROUTES.routes().stream().filter(r -> r.httpMethod().equals(httpMethod) && r.template().toString().equals(template))
        .findFirst().orElseThrow(() -> new AssertionError("no route " + httpMethod + " " + template));
  }

  static RequestView.Builder request(Route route) {
    return RequestView.builder(RouteKey.of(route), new InetSocketAddress("127.0.0.1", 40_000));
  }

  static RequestView.Builder request(Route route, String clientAddress) {
    return RequestView.builder(RouteKey.of(route), new InetSocketAddress(clientAddress, 40_000));
  }

  /** A decision, and whether it was complete when admit returned and where it completed. */
  record Outcome(Decision decision, boolean immediate, boolean completedOnLoop) {
    Decision.Deny deny() {
      assertThat(decision).as("a refusal").isInstanceOf(Decision.Deny.class);
      return (Decision.Deny) decision;
    }

    Decision.Allow allow() {
      assertThat(decision).as("the request let through").isInstanceOf(Decision.Allow.class);
      return (Decision.Allow) decision;
    }

    String header(String name) {
      return decision.responseHeaders().stream().filter(h -> h.name().equals(name)).map(Header::value).findFirst()
          .orElse(null);
    }
  }

  /** Runs {@code policies}' chain for {@code request}'s route on an event loop, as a front end does. */
  Outcome admit(Policies policies, Route route, RequestView request) throws Exception {
    EventLoop loop = group.next();
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    loop.execute(() -> {
      var stage = policies.chainFor(route).admit(request, loop).toCompletableFuture();
      boolean immediate = stage.isDone();
      stage.whenComplete((decision, error) -> {
        if (error != null) {
          out.completeExceptionally(error);
        } else {
          out.complete(new Outcome(decision, immediate, loop.inEventLoop()));
        }
      });
    });
    Outcome outcome = out.get(10, TimeUnit.SECONDS);
    assertThat(outcome.completedOnLoop()).as("the decision completes on the request's event loop").isTrue();
    return outcome;
  }

  Outcome admit(Policies policies, Route route, UnaryOperator<RequestView.Builder> request) throws Exception {
    return admit(policies, route, request.apply(request(route)).build());
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes. */
  static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(10);
    }
  }

  static RouteRule rule(String where, UnaryOperator<RuleBuilder> build) {
    return build.apply(new RuleBuilder(where)).build();
  }

  /** Builds a {@link RouteRule} field by field. */
  static final class RuleBuilder {
    private final String where;
    private List<String> services = List.of();
    private List<String> methods = List.of();
    private List<String> templates = List.of();
    private List<String> httpMethods = List.of();
    private JwtRequirement jwt;
    private List<String> providers;
    private List<String> limits;
    private Boolean global;
    private Boolean authz;

    RuleBuilder(String where) {
      this.where = where;
    }

    RuleBuilder service(String... s) {
      services = List.of(s);
      return this;
    }

    RuleBuilder method(String... m) {
      methods = List.of(m);
      return this;
    }

    RuleBuilder template(String... t) {
      templates = List.of(t);
      return this;
    }

    RuleBuilder httpMethods(String... m) {
      httpMethods = List.of(m);
      return this;
    }

    RuleBuilder jwt(JwtRequirement r) {
      jwt = r;
      return this;
    }

    RuleBuilder providers(String... p) {
      providers = List.of(p);
      return this;
    }

    RuleBuilder limits(String... l) {
      limits = List.of(l);
      return this;
    }

    RuleBuilder global(boolean g) {
      global = g;
      return this;
    }

    RuleBuilder authz(boolean a) {
      authz = a;
      return this;
    }

    RouteRule build() {
      return new RouteRule(where, services, methods, templates, httpMethods, jwt, providers, limits, global, authz);
    }
  }

  private static RouteTable routes() {
    try {
      return RouteTable.build(Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    while (!closeLater.isEmpty()) {
      closeLater.pop().close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
