package dev.rosetta.gateway.backend;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Resolves {@code static:///host1:port1,host2:port2} to every address of those hosts
 * ({@link HostsResolver}), looked up again when the channel asks for a refresh (after a
 * connection loss). Registered only in the gateway's own resolver registry.
 */
final class StaticResolverProvider extends NameResolverProvider {
  static final String SCHEME = "static";

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
    return SCHEME;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  @Override
  public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
    if (!SCHEME.equals(uri.getScheme())) {
      return null;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    List<String> hostPorts = new ArrayList<>();
    for (String part : path.split(",")) {
      hostPorts.add(BackendTarget.checkHostPort(part.trim(), uri.toString()));
    }
    return new HostsResolver(hostPorts, args, HostsResolver.SYSTEM, 0);
  }
}
