package dev.rosetta.gateway.backend;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * {@code dns:///name:port} (and {@code dns://server/name:port}, whose server is ignored, as grpc's
 * JDK resolver does): every address of the name, looked up again every {@code interval} (zero:
 * never on a timer), and at once when a connection is lost ({@link HostsResolver}). The timer
 * is what lets a replica added behind a headless Kubernetes Service get traffic while the old
 * ones stay up; the prompt refresh is what finds a replacement when one goes away. Takes the
 * place of grpc's own dns resolver, whose 30 s answer cache swallowed both. Registered only in
 * the gateway's own resolver registry.
 */
final class RefreshingDnsResolverProvider extends NameResolverProvider {
  private final Duration interval;
  private final HostsResolver.Lookup lookup;

  RefreshingDnsResolverProvider(Duration interval) {
    this(interval, HostsResolver.SYSTEM);
  }

  RefreshingDnsResolverProvider(Duration interval, HostsResolver.Lookup lookup) {
    this.interval = interval;
    this.lookup = lookup;
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
    if (!"dns".equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().length() < 2) {
      return null;
    }
    String name = uri.getPath().substring(1);
    // grpc's rule: a name without a port gets the channel's default port (443 for TLS and plaintext alike).
    boolean hasPort = name.startsWith("[") ? name.contains("]:") : name.contains(":");
    String hostPort = hasPort ? name : name + ":" + args.getDefaultPort();
    return new HostsResolver(List.of(BackendTarget.checkHostPort(hostPort, uri.toString())), args, lookup,
        interval.toMillis());
  }
}
