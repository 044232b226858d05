package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** dns:/// targets are resolved again every interval, not only when a connection is lost. */
class RefreshingDnsResolverProviderTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger shutdowns = new AtomicInteger();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** Stands in for grpc's DNS resolver and counts what the channel would ask of it. */
  private final NameResolverProvider counting = new NameResolverProvider() {
    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public String getDefaultScheme() {
      return "dns";
    }

    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return uri.getPath().substring(1);
        }

        @Override
        public void start(Listener2 listener) {}

        @Override
        public void refresh() {
          refreshes.incrementAndGet();
        }

        @Override
        public void shutdown() {
          shutdowns.incrementAndGet();
        }
      };
    }
  };

  private NameResolver.Args args() {
    return NameResolver.Args.newBuilder()
        .setDefaultPort(443)
        .setProxyDetector(address -> null)
        .setSynchronizationContext(new SynchronizationContext((t, e) -> { }))
        .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
          @Override
          public NameResolver.ConfigOrError parseServiceConfig(java.util.Map<String, ?> rawServiceConfig) {
            return NameResolver.ConfigOrError.fromError(Status.UNIMPLEMENTED);
          }
        })
        .setScheduledExecutorService(timer)
        .build();
  }

  private static NameResolver.Listener2 ignoring() {
    return new NameResolver.Listener2() {
      @Override
      public void onResult(NameResolver.ResolutionResult result) {}

      @Override
      public void onError(Status error) {}
    };
  }

  @Test
  void theNameIsResolvedAgainEveryIntervalUntilShutdown() throws Exception {
    NameResolver resolver = new RefreshingDnsResolverProvider(counting, Duration.ofMillis(50))
        .newNameResolver(URI.create("dns:///books:9090"), args());
    assertThat(resolver.getServiceAuthority()).isEqualTo("books:9090");
    resolver.start(ignoring());
    Thread.sleep(400);
    assertThat(refreshes.get()).isBetween(3, 10);
    resolver.shutdown();
    int atShutdown = refreshes.get();
    Thread.sleep(200);
    assertThat(refreshes.get()).isEqualTo(atShutdown);
    assertThat(shutdowns.get()).isEqualTo(1);
  }

  @Test
  void aZeroIntervalLeavesGrpcsResolverAsItIs() throws Exception {
    NameResolver resolver = new RefreshingDnsResolverProvider(counting, Duration.ZERO)
        .newNameResolver(URI.create("dns:///books:9090"), args());
    resolver.start(ignoring());
    Thread.sleep(200);
    assertThat(refreshes.get()).isZero();
    resolver.shutdown();
  }
}
