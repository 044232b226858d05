package dev.rosetta.gateway.backend;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.SynchronizationContext.ScheduledHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * grpc's own {@code dns:///} resolver, asked to resolve again every {@code interval}. grpc-java
 * re-resolves only when a connection is lost, so a replica added behind a headless Kubernetes
 * Service would never get traffic while the old ones stay up; this refresh closes that gap.
 * (grpc's resolver caches answers for 30 s, {@code networkaddress.cache.ttl}, so shorter intervals
 * gain nothing.) Registered only in the gateway's own resolver registry; the default registry is
 * read for the delegate, never changed.
 */
final class RefreshingDnsResolverProvider extends NameResolverProvider {
  private final NameResolverProvider dns;
  private final Duration interval;

  RefreshingDnsResolverProvider(Duration interval) {
    this(NameResolverRegistry.getDefaultRegistry().getProviderForScheme("dns"), interval);
  }

  RefreshingDnsResolverProvider(NameResolverProvider dns, Duration interval) {
    if (dns == null) {
      throw new IllegalStateException("grpc's dns resolver is not on the class path");
    }
    this.dns = dns;
    this.interval = interval;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 6;
  }

  @Override
  public String getDefaultScheme() {
    return "dns";
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  @Override
  public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
    NameResolver delegate = dns.newNameResolver(uri, args);
    if (delegate == null || interval.isZero()) {
      return delegate;
    }
    return new Refreshing(delegate, args, interval.toMillis());
  }

  private static final class Refreshing extends NameResolver {
    private final NameResolver delegate;
    private final Args args;
    private final long intervalMillis;
    private ScheduledHandle next;

    Refreshing(NameResolver delegate, Args args, long intervalMillis) {
      this.delegate = delegate;
      this.args = args;
      this.intervalMillis = intervalMillis;
    }

    @Override
    public String getServiceAuthority() {
      return delegate.getServiceAuthority();
    }

    @Override
    public void start(Listener2 listener) {
      delegate.start(listener);
      schedule();
    }

    private void schedule() {
      next = args.getSynchronizationContext().schedule(() -> {
        delegate.refresh();
        schedule();
      }, intervalMillis, TimeUnit.MILLISECONDS, args.getScheduledExecutorService());
    }

    @Override
    public void refresh() {
      delegate.refresh();
    }

    @Override
    public void shutdown() {
      if (next != null) {
        next.cancel();
      }
      delegate.shutdown();
    }
  }
}
