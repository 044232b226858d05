package dev.rosetta.gateway.backend;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext.ScheduledHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Resolves a list of {@code host:port}s to every address each host name has (one address group
 * per address, so round_robin spreads requests over all of them), for {@code static:///} and
 * {@code dns:///} targets alike.
 *
 * <p>Looks the names up when started, at once whenever the channel asks ({@link #refresh}: grpc's
 * load balancers ask when a connection is lost), and every {@code refreshMillis} when that is
 * positive. grpc's own DNS resolver ignores a refresh within 30 s of its last answer, so a
 * replica that replaced a lost one waited for that cache; here only the JVM's own cache of
 * lookups ({@code networkaddress.cache.ttl}, 30 s by default) stands between a DNS change and
 * the gateway. Lookups block, so they run on grpc's offload executor, never on an event loop;
 * the rest runs in the channel's synchronization context.
 */
final class HostsResolver extends NameResolver {
  /** Every address of a host name; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] all(String host) throws UnknownHostException;
  }

  static final Lookup SYSTEM = InetAddress::getAllByName;

  private final List<String> hostPorts;
  private final Args args;
  private final Lookup lookup;
  private final long refreshMillis;
  private Listener2 listener;
  private boolean resolving;
  private boolean again;
  private ScheduledHandle timer;

  HostsResolver(List<String> hostPorts, Args args, Lookup lookup, long refreshMillis) {
    this.hostPorts = List.copyOf(hostPorts);
    this.args = args;
    this.lookup = lookup;
    this.refreshMillis = refreshMillis;
  }

  @Override
  public String getServiceAuthority() {
    return hostPorts.get(0);
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    resolve();
    if (refreshMillis > 0) {
      schedule();
    }
  }

  private void schedule() {
    timer = args.getSynchronizationContext().schedule(() -> {
      resolve();
      schedule();
    }, refreshMillis, TimeUnit.MILLISECONDS, args.getScheduledExecutorService());
  }

  @Override
  public void refresh() {
    resolve();
  }

  /** Starts a lookup; one asked for while another runs follows it (its answer may be newer). */
  private void resolve() {
    if (listener == null) {
      return;
    }
    if (resolving) {
      again = true;
      return;
    }
    resolving = true;
    Executor offload = args.getOffloadExecutor() == null ? Runnable::run : args.getOffloadExecutor();
    offload.execute(() -> {
      ResolutionResult result = lookUp();
      args.getSynchronizationContext().execute(() -> {
        resolving = false;
        if (listener == null) {
          return;
        }
        listener.onResult2(result);
        if (again) {
          again = false;
          resolve();
        }
      });
    });
  }

  private ResolutionResult lookUp() {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String hostPort : hostPorts) {
      try {
        for (InetAddress address : lookup.all(BackendTarget.host(hostPort))) {
          groups.add(new EquivalentAddressGroup(new InetSocketAddress(address, BackendTarget.port(hostPort))));
        }
      } catch (UnknownHostException | RuntimeException e) {
        failed.add(hostPort);
      }
    }
    return ResolutionResult.newBuilder()
        .setAddressesOrError(groups.isEmpty()
            ? StatusOr.fromStatus(Status.UNAVAILABLE.withDescription("no address of " + failed + " resolves"))
            : StatusOr.fromValue(groups))
        .setAttributes(Attributes.EMPTY)
        .build();
  }

  @Override
  public void shutdown() {
    listener = null;
    if (timer != null) {
      timer.cancel();
    }
  }
}
