package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.BackendSpec;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The policy services as real grpc-java servers on ephemeral loopback ports: an Envoy
 * {@code Authorization} service and an Envoy {@code RateLimitService}, each answering what the
 * test sets (optionally late), recording what they were asked and how often.
 */
final class PolicyServers {
  private PolicyServers() {}

  /** One replica of a policy service. */
  abstract static class Replica<Q, R> implements AutoCloseable {
    final BlockingQueue<Q> requests = new LinkedBlockingQueue<>();
    final AtomicInteger calls = new AtomicInteger();
    /** Answers sent (a delayed answer counts once it is on its way). */
    final AtomicInteger answered = new AtomicInteger();
    final AtomicReference<Function<Q, R>> answer = new AtomicReference<>();
    final AtomicLong delayMillis = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Server server;

    void start(BindableService service) throws IOException {
      // With the standard health service, as a real deployment has (the channel watches it).
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service)
          .addService(new HealthStatusManager().getHealthService()).build().start();
    }

    void handle(Q request, StreamObserver<R> out) {
      calls.incrementAndGet();
      requests.add(request);
      Runnable reply = () -> {
        out.onNext(answer.get().apply(request));
        out.onCompleted();
        answered.incrementAndGet();
      };
      long delay = delayMillis.get();
      if (delay > 0) {
        timer.schedule(reply, delay, TimeUnit.MILLISECONDS);
      } else {
        reply.run();
      }
    }

    String target() {
      return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
      try {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer.shutdownNow();
    }
  }

  static final class Authz extends Replica<CheckRequest, CheckResponse> {
    /** A service that allows every request and adds nothing. */
    static Authz allowingAll() throws IOException {
      return start(r -> CheckResponse.newBuilder().setStatus(com.google.rpc.Status.newBuilder().setCode(0))
          .setOkResponse(io.envoyproxy.envoy.service.auth.v3.OkHttpResponse.getDefaultInstance()).build());
    }

    static Authz start(Function<CheckRequest, CheckResponse> answer) throws IOException {
      Authz authz = new Authz();
      authz.answer.set(answer);
      authz.start(new AuthorizationGrpc.AuthorizationImplBase() {
        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> out) {
          authz.handle(request, out);
        }
      });
      return authz;
    }
  }

  static final class RateLimits extends Replica<RateLimitRequest, RateLimitResponse> {
    static RateLimits start(Function<RateLimitRequest, RateLimitResponse> answer) throws IOException {
      RateLimits rls = new RateLimits();
      rls.answer.set(answer);
      rls.start(new RateLimitServiceGrpc.RateLimitServiceImplBase() {
        @Override
        public void shouldRateLimit(RateLimitRequest request, StreamObserver<RateLimitResponse> out) {
          rls.handle(request, out);
        }
      });
      return rls;
    }
  }

  /** A service spec for replicas as one balanced target, {@code host1:port1,host2:port2}. */
  static BackendSpec service(String name, Replica<?, ?>... replicas) {
    return BackendSpec.of(name, String.join(",", java.util.Arrays.stream(replicas).map(Replica::target).toList()),
        List.of());
  }
}
