package dev.rosetta.gateway.backend;

import java.util.List;

/**
 * What an {@code xds:///} backend has from its control plane at one moment, for the admin
 * listener: every resource it subscribed to with its status, and the endpoints of the clusters
 * it received. Immutable.
 *
 * @param resources the subscribed listeners, routes, clusters and endpoint sets
 * @param endpoints every endpoint of every endpoint set received (EDS), in the order given
 */
public record XdsView(List<Resource> resources, List<Endpoint> endpoints) {
  public XdsView {
    resources = List.copyOf(resources);
    endpoints = List.copyOf(endpoints);
  }

  /** The resources not received yet, or refused, or gone (anything but {@code ACKED}). */
  public List<Resource> pending() {
    return resources.stream().filter(r -> !r.received()).toList();
  }

  /**
   * One subscribed xDS resource.
   *
   * @param type {@code LDS}, {@code RDS}, {@code CDS} or {@code EDS}
   * @param name the resource name, e.g. the listener {@code books.default.svc.cluster.local:9090}
   * @param status grpc's view: {@code REQUESTED} (not received yet), {@code ACKED}, {@code NACKED}
   *     (the last update was refused; the one before stays in use), {@code DOES_NOT_EXIST}, {@code TIMEOUT}
   * @param version the version accepted last; empty before any
   * @param error why the last update was refused; empty when none was
   */
  public record Resource(String type, String name, String status, String version, String error) {
    /** Received and in use: ACKED, or NACKED with an earlier version still in use. */
    public boolean received() {
      return status.equals("ACKED") || (status.equals("NACKED") && !version.isEmpty());
    }
  }

  /**
   * One endpoint of a cluster, as the control plane describes it.
   *
   * @param cluster the endpoint set's cluster name
   * @param address {@code host:port}
   * @param locality {@code region/zone/sub-zone}, empty parts left empty
   * @param priority the locality's priority (0 first; higher ones are failover)
   * @param weight the endpoint's load balancing weight within its locality (1 when unset)
   * @param health {@code HEALTHY}, {@code UNKNOWN} (both get traffic), {@code UNHEALTHY}, {@code DRAINING}, ...
   */
  public record Endpoint(String cluster, String address, String locality, int priority, int weight, String health) {}
}
