package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.testing.EchoBackend;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dns:/// re-resolution with a real grpc channel (round_robin, as the gateway's backends use) and
 * real replicas: A on 127.0.0.1 and B on 127.0.0.2, the same port, behind one name whose lookup
 * the test controls. The resolver and the load balancer are grpc's and ours, unchanged.
 */
class DnsReResolutionTest {
  private static final InetAddress A = address("127.0.0.1");
  private static final InetAddress B = address("127.0.0.2");

  private final AtomicReference<List<InetAddress>> answer = new AtomicReference<>(List.of(A));
  private final AtomicInteger lookups = new AtomicInteger();
  private final HostsResolver.Lookup lookup = host -> {
    lookups.incrementAndGet();
    return answer.get().toArray(InetAddress[]::new);
  };
  private EchoBackend a;
  private EchoBackend b;
  private ManagedChannel channel;

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void startReplicas() throws Exception {
    a = EchoBackend.startReplica("a", new InetSocketAddress(A, 0));
    b = EchoBackend.startReplica("b", new InetSocketAddress(B, a.port()));
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    a.close();
    b.close();
  }

  @SuppressWarnings("deprecation") // nameResolverFactory, as Backend uses it
  private void connect(Duration refreshInterval) {
    channel = NettyChannelBuilder.forTarget("dns:///replicas.test:" + a.port())
        .nameResolverFactory(new RefreshingDnsResolverProvider(refreshInterval, lookup))
        .usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of()))))
        .disableServiceConfigLookUp()
        .build();
  }

  /** The replica that answered one call, or the status code when it failed. */
  private String call() {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    try {
      EchoServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .echo(EchoMessage.newBuilder().setId("x").build());
      return headers.get().get(EchoBackend.REPLICA);
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  /** Calls until {@code replica} answers; how long that took, or null after {@code millis}. */
  private Duration untilAnswerFrom(String replica, long millis) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(millis)) {
      if (replica.equals(call())) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(10);
    }
    return null;
  }

  @Test
  void aReplicaAddedToTheNameGetsTrafficWithinTheRefreshInterval() throws Exception {
    connect(Duration.ofMillis(300));
    for (int i = 0; i < 10; i++) {
      assertThat(call()).isEqualTo("a");
    }
    answer.set(List.of(A, B));
    // The window: the refresh interval (300 ms) and a connection set-up; the JVM's own lookup
    // cache would add networkaddress.cache.ttl in production.
    assertThat(untilAnswerFrom("b", 3_000)).isNotNull().isLessThan(Duration.ofMillis(1_500));
    long fromB = java.util.stream.IntStream.range(0, 40).mapToObj(i -> call()).filter("b"::equals).count();
    assertThat(fromB).as("round_robin over both").isBetween(10L, 30L);
  }

  @Test
  void losingAConnectionResolvesAgainAtOnceNotOnTheTimer() throws Exception {
    connect(Duration.ofHours(1));
    assertThat(call()).isEqualTo("a");
    int before = lookups.get();
    answer.set(List.of(B)); // A is replaced by B under the same name
    a.close();
    assertThat(untilAnswerFrom("b", 5_000)).as("B answers long before the hourly refresh").isNotNull();
    assertThat(lookups.get()).isGreaterThan(before);
  }
}
