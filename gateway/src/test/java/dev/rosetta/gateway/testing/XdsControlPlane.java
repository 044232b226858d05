package dev.rosetta.gateway.testing;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real xDS control plane on an ephemeral loopback port: Envoy's java-control-plane serving ADS
 * (LDS, RDS, CDS, EDS) from a snapshot the test sets and replaces, as Istio's istiod would for a
 * proxyless gRPC client. One listener named after the {@code xds:///} target, one route
 * configuration sending everything to one cluster or to weighted clusters, one EDS cluster per
 * endpoint set; every client node gets the same snapshot.
 */
public final class XdsControlPlane implements AutoCloseable {
  private static final String GROUP = "rosetta-test";
  private static final ConfigSource ADS = ConfigSource.newBuilder()
      .setAds(AggregatedConfigSource.getDefaultInstance())
      .setResourceApiVersion(ApiVersion.V3)
      .build();

  private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
  private final Server server;
  /** The server's own event loops when it listens on a Unix socket; null on TCP. */
  private final EventLoopGroup unixLoops;
  private final String uri;
  private int version;

  private XdsControlPlane(java.net.SocketAddress address) throws IOException {
    V3DiscoveryServer discovery = new V3DiscoveryServer(cache);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        .addService(discovery.getAggregatedDiscoveryServiceImpl());
    if (address instanceof DomainSocketAddress socket) {
      unixLoops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      builder.channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(unixLoops).workerEventLoopGroup(unixLoops);
      uri = "unix://" + socket.path();
    } else {
      unixLoops = null;
      uri = null;
    }
    server = builder.build().start();
  }

  /** Starts on an ephemeral port, serving nothing until {@link #serve} is called. */
  public static XdsControlPlane start() throws IOException {
    return new XdsControlPlane(new InetSocketAddress("127.0.0.1", 0));
  }

  /**
   * Starts on a Unix domain socket, as Istio's agent serves its pod's proxyless clients
   * ({@code unix:///etc/istio/proxy/XDS}); needs Linux's epoll transport.
   */
  public static XdsControlPlane startOnUnixSocket(Path socket) throws IOException {
    return new XdsControlPlane(new DomainSocketAddress(socket.toString()));
  }

  /** Where clients connect: {@code 127.0.0.1:port}, or {@code unix:///path}. */
  public String serverUri() {
    return uri != null ? uri : "127.0.0.1:" + server.getPort();
  }

  /** A bootstrap file (gRFC A27) pointing a gRPC client at this control plane, written into {@code dir}. */
  public Path writeBootstrap(Path dir) throws IOException {
    String json = "{\"xds_servers\":[{\"server_uri\":\"" + serverUri() + "\","
        + "\"channel_creds\":[{\"type\":\"insecure\"}],\"server_features\":[\"xds_v3\"]}],"
        + "\"node\":{\"id\":\"rosetta-gateway-test\",\"cluster\":\"rosetta\",\"locality\":{\"zone\":\"test\"}}}";
    return Files.writeString(Files.createTempFile(dir, "bootstrap", ".json"), json);
  }

  /**
   * Serves a new configuration: listener {@code service} routes everything to the clusters of
   * {@code weights} (cluster name to weight; one entry: a plain cluster route), each cluster's
   * endpoints given by {@code endpoints} (cluster name to loopback ports).
   */
  public synchronized void serve(String service, Map<String, Integer> weights, Map<String, List<Integer>> endpoints) {
    String routeName = service + "-routes";
    HttpConnectionManager manager = HttpConnectionManager.newBuilder()
        .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(routeName))
        .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
            .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
    Listener listener = Listener.newBuilder()
        .setName(service)
        .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(manager)))
        .build();
    RouteAction.Builder action = RouteAction.newBuilder();
    if (weights.size() == 1) {
      action.setCluster(weights.keySet().iterator().next());
    } else {
      WeightedCluster.Builder split = WeightedCluster.newBuilder();
      weights.forEach((name, weight) -> split.addClusters(
          WeightedCluster.ClusterWeight.newBuilder().setName(name).setWeight(UInt32Value.of(weight))));
      action.setWeightedClusters(split);
    }
    RouteConfiguration routes = RouteConfiguration.newBuilder()
        .setName(routeName)
        .addVirtualHosts(VirtualHost.newBuilder().setName(service).addDomains("*")
            .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("")).setRoute(action)))
        .build();
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> assignments = new ArrayList<>();
    endpoints.forEach((cluster, ports) -> {
      clusters.add(Cluster.newBuilder()
          .setName(cluster)
          .setType(Cluster.DiscoveryType.EDS)
          .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS))
          .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
          .build());
      LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
          .setLocality(Locality.newBuilder().setRegion("test").setZone("loopback"))
          .setLoadBalancingWeight(UInt32Value.of(1));
      for (int port : ports) {
        locality.addLbEndpoints(LbEndpoint.newBuilder()
            .setHealthStatus(HealthStatus.HEALTHY)
            .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port)))));
      }
      assignments.add(ClusterLoadAssignment.newBuilder().setClusterName(cluster).addEndpoints(locality).build());
    });
    cache.setSnapshot(GROUP, Snapshot.create(clusters, assignments, List.of(listener), List.of(routes), List.of(),
        Integer.toString(++version)));
  }

  /** One cluster named {@code service} with these endpoints, all traffic to it. */
  public void serve(String service, List<Integer> ports) {
    Map<String, List<Integer>> endpoints = new LinkedHashMap<>();
    endpoints.put(service, ports);
    serve(service, Map.of(service, 1), endpoints);
  }

  /** Stops at once, cutting the clients' streams, as a control plane that crashed. */
  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (unixLoops != null) {
      unixLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
