package dev.rosetta.gateway.backend;

import io.grpc.MetricRecorder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.xds.InternalSharedXdsClientPoolProvider;
import io.grpc.xds.XdsNameResolverProvider;
import io.grpc.xds.client.Bootstrapper.BootstrapInfo;
import io.grpc.xds.client.XdsClient;
import io.grpc.xds.client.XdsClient.ResourceMetadata;
import io.grpc.xds.client.XdsResourceType;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.Locality;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.grpc.xds.shaded.io.envoyproxy.envoy.config.core.v3.SocketAddress;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The xDS side of one {@code xds:///name} backend (gRFC A27, grpc-java's proxyless gRPC): one
 * xDS client, so one ADS stream to the control plane, shared by all the backend's channels (one
 * per event loop). The channels resolve the name through it: listener, route configuration,
 * clusters and endpoints, with weights, localities, health, retries and timeouts as the control
 * plane says, updated without a restart; the endpoints' subchannels run on each channel's own
 * event loop as for any other target. The xDS stream itself runs on grpc's shared transport
 * threads: it is one long-lived stream, never on a request's path.
 *
 * <p>When the control plane goes away, the client keeps the resources it has (and retries with
 * backoff), so traffic goes on with the last good configuration.
 */
final class XdsTarget implements AutoCloseable {
  /** How long an admin page waits for the xDS client's view (it answers from its own thread). */
  private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(2);

  private final InternalSharedXdsClientPoolProvider.XdsClientResult pool;
  private final XdsClient client;

  private XdsTarget(InternalSharedXdsClientPoolProvider.XdsClientResult pool, XdsClient client) {
    this.pool = pool;
    this.client = client;
  }

  /**
   * Checks that {@code spec} asks for nothing the control plane decides, reads the bootstrap
   * and starts the xDS client (it connects when the first channel resolves).
   */
  static XdsTarget start(BackendSpec spec, XdsOptions options) {
    if (spec.loadBalancing() != BackendSpec.LoadBalancing.ROUND_ROBIN) {
      throw new IllegalArgumentException("backend '" + spec.name() + "' (" + spec.target() + "): load-balancing "
          + "comes from the xDS control plane (the cluster's lb_policy), leave it out");
    }
    if (spec.retryAttempts() > 1) {
      throw new IllegalArgumentException("backend '" + spec.name() + "' (" + spec.target() + "): retries come "
          + "from the xDS control plane (the route's retry_policy), leave retry-attempts out");
    }
    BootstrapInfo bootstrap = XdsBootstrap.load(options, spec.target());
    // grpc keeps xDS clients in one process-wide pool keyed by this string; a key of our own
    // keeps two backends (or two gateways in one JVM, as in tests) with different bootstraps
    // from sharing one client, while the backend's channels share theirs.
    String key = spec.target() + "#rosetta-" + UUID.randomUUID();
    InternalSharedXdsClientPoolProvider.XdsClientResult pool =
        InternalSharedXdsClientPoolProvider.getOrCreate(key, bootstrap, new MetricRecorder() {}, null);
    return new XdsTarget(pool, pool.getObject());
  }

  /**
   * Makes {@code builder} resolve through this target's xDS client. The service config then
   * comes from the control plane (the resolver hands it over), so none of our own is set.
   */
  @SuppressWarnings("deprecation") // nameResolverFactory: the only per-channel way to add resolvers in 1.85
  void configure(NettyChannelBuilder builder) {
    builder.nameResolverFactory(new XdsNameResolverProvider())
        .setNameResolverArg(XdsNameResolverProvider.XDS_CLIENT_SUPPLIER, () -> client);
  }

  /** The subscribed resources and received endpoints now. Blocks up to two seconds: call it off the event loops. */
  XdsView view() {
    Map<XdsResourceType<?>, Map<String, ResourceMetadata>> snapshot;
    try {
      snapshot = client.getSubscribedResourcesMetadataSnapshot().get(VIEW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new XdsView(List.of(), List.of());
    } catch (ExecutionException | TimeoutException e) {
      return new XdsView(List.of(new XdsView.Resource("?", "?", "UNKNOWN", "", "xDS client did not answer: " + e)),
          List.of());
    }
    List<XdsView.Resource> resources = new ArrayList<>();
    List<XdsView.Endpoint> endpoints = new ArrayList<>();
    snapshot.forEach((type, byName) -> byName.forEach((name, metadata) -> {
      String error = metadata.getErrorState() == null ? "" : metadata.getErrorState().getFailedDetails();
      resources.add(new XdsView.Resource(type.typeName(), name, metadata.getStatus().name(), metadata.getVersion(), error));
      if (type.typeName().equals("EDS") && metadata.getRawResource() != null) {
        addEndpoints(metadata, endpoints);
      }
    }));
    resources.sort((a, b) -> order(a.type()) != order(b.type())
        ? Integer.compare(order(a.type()), order(b.type())) : a.name().compareTo(b.name()));
    return new XdsView(resources, endpoints);
  }

  /** Listeners, routes, clusters, endpoints: the order in which one leads to the next. */
  private static int order(String type) {
    int i = List.of("LDS", "RDS", "CDS", "EDS").indexOf(type);
    return i < 0 ? 4 : i;
  }

  private static void addEndpoints(ResourceMetadata metadata, List<XdsView.Endpoint> out) {
    ClusterLoadAssignment assignment;
    try {
      assignment = ClusterLoadAssignment.parseFrom(metadata.getRawResource().getValue());
    } catch (InvalidProtocolBufferException e) {
      return; // grpc accepted it, so this does not happen; the page just shows no endpoints
    }
    for (LocalityLbEndpoints group : assignment.getEndpointsList()) {
      Locality l = group.getLocality();
      String locality = l.getRegion() + "/" + l.getZone() + "/" + l.getSubZone();
      for (LbEndpoint endpoint : group.getLbEndpointsList()) {
        SocketAddress socket = endpoint.getEndpoint().getAddress().getSocketAddress();
        String host = socket.getAddress().contains(":") ? "[" + socket.getAddress() + "]" : socket.getAddress();
        int weight = endpoint.hasLoadBalancingWeight() ? endpoint.getLoadBalancingWeight().getValue() : 1;
        out.add(new XdsView.Endpoint(assignment.getClusterName(), host + ":" + socket.getPortValue(), locality,
            group.getPriority(), weight, endpoint.getHealthStatus().name()));
      }
    }
  }

  /** Releases the xDS client (its stream closes); call it after the channels are shut down. */
  @Override
  public void close() {
    pool.returnObject(client);
  }
}
