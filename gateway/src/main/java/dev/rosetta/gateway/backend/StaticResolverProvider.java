package dev.rosetta.gateway.backend;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Resolves {@code static:///host1:port1,host2:port2} to those addresses, one address group each,
 * so that round_robin spreads requests over all of them. Host names are looked up on grpc's
 * offload executor, never on the event loop; the lookup is repeated when the channel asks for a
 * refresh (after a connection loss). Registered only in the gateway's own resolver registry.
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
    return new StaticResolver(hostPorts, args);
  }

  private static final class StaticResolver extends NameResolver {
    private final List<String> hostPorts;
    private final Args args;
    private Listener2 listener;

    StaticResolver(List<String> hostPorts, Args args) {
      this.hostPorts = List.copyOf(hostPorts);
      this.args = args;
    }

    @Override
    public String getServiceAuthority() {
      return hostPorts.get(0);
    }

    @Override
    public void start(Listener2 listener) {
      this.listener = listener;
      resolve();
    }

    @Override
    public void refresh() {
      resolve();
    }

    private void resolve() {
      Executor offload = args.getOffloadExecutor() == null ? Runnable::run : args.getOffloadExecutor();
      offload.execute(() -> {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (String hostPort : hostPorts) {
          InetSocketAddress address = new InetSocketAddress(BackendTarget.host(hostPort), BackendTarget.port(hostPort));
          if (!address.isUnresolved()) {
            groups.add(new EquivalentAddressGroup(address));
          }
        }
        ResolutionResult result = ResolutionResult.newBuilder()
            .setAddressesOrError(groups.isEmpty()
                ? StatusOr.fromStatus(Status.UNAVAILABLE.withDescription("no address of " + hostPorts + " resolves"))
                : StatusOr.fromValue(groups))
            .setAttributes(Attributes.EMPTY)
            .build();
        args.getSynchronizationContext().execute(() -> {
          if (listener != null) {
            listener.onResult2(result);
          }
        });
      });
    }

    @Override
    public void shutdown() {
      listener = null;
    }
  }
}
