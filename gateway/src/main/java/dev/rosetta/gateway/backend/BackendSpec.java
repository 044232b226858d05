package dev.rosetta.gateway.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One backend as configured: where it is, which services it serves and how to talk to it.
 * Immutable; {@code with*} methods return changed copies.
 *
 * @param name a label for logs and errors, e.g. {@code library}
 * @param target {@code host:port}, {@code dns:///name:port}, {@code host1:port1,host2:port2} or
 *     {@code xds:///name} (endpoints and traffic policy from an xDS control plane)
 * @param services full service names ({@code pkg.v1.Service}) or {@code pkg.*} patterns; empty
 *     for the default backend, which serves every service no other backend claims
 * @param loadBalancing how requests spread over the target's addresses
 * @param healthCheck watch {@code grpc.health.v1.Health} on every address (round_robin only);
 *     a backend that does not implement it counts as healthy
 * @param healthService the service name asked for in health checks; {@code ""} means the server
 * @param timeout longest a call may take on this backend (the shorter of this and the request's
 *     deadline wins); zero for none
 * @param keepAlive interval of HTTP/2 keepalive pings on idle connections; zero for none
 * @param keepAliveTimeout how long a ping may stay unanswered before the connection is dropped
 * @param retryAttempts total attempts (first one included) for idempotent methods, those bound
 *     to HTTP GET only, when the backend answers UNAVAILABLE; 1 turns retries off
 * @param reconnectInterval longest wait before a lost address is tried again (grpc's own backoff
 *     grows up to 2 minutes; this caps it)
 * @param dnsRefreshInterval how often {@code dns:///} names are resolved again; zero for only on
 *     connection loss
 * @param tls how connections are secured; null for plaintext
 */
public record BackendSpec(
    String name,
    String target,
    List<String> services,
    LoadBalancing loadBalancing,
    boolean healthCheck,
    String healthService,
    Duration timeout,
    Duration keepAlive,
    Duration keepAliveTimeout,
    int retryAttempts,
    Duration reconnectInterval,
    Duration dnsRefreshInterval,
    Tls tls) {

  /** How requests spread over a target's addresses. */
  public enum LoadBalancing {
    /** Every request goes to the next ready address in turn. */
    ROUND_ROBIN("round_robin"),
    /** Every request goes to the first address that connects; others are fallbacks. */
    PICK_FIRST("pick_first");

    private final String policy;

    LoadBalancing(String policy) {
      this.policy = policy;
    }

    /** The grpc service config policy name. */
    public String policy() {
      return policy;
    }

    public static LoadBalancing parse(String value) {
      for (LoadBalancing lb : values()) {
        if (lb.policy.equalsIgnoreCase(value.trim().replace('-', '_'))) {
          return lb;
        }
      }
      throw new IllegalArgumentException("'" + value + "' is not a load balancing policy: use round_robin or pick_first");
    }
  }

  /**
   * TLS toward a backend.
   *
   * @param caFile PEM certificates to trust; null for the JVM's default trust store
   * @param certFile PEM client certificate chain for mTLS; null for none
   * @param keyFile PEM PKCS#8 private key of {@code certFile}
   * @param authority name to verify the server certificate against and send as {@code :authority};
   *     null for the target's host
   */
  public record Tls(Path caFile, Path certFile, Path keyFile, String authority) {
    public Tls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("a client certificate needs both a certificate file and a key file");
      }
    }
  }

  public BackendSpec {
    services = List.copyOf(services);
    if (retryAttempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1 (1 means no retry), not " + retryAttempts);
    }
  }

  /**
   * A backend with the defaults: round_robin, health checks, no retry, plaintext, keepalive every
   * 5 minutes (the most often grpc servers accept by default: faster pings earn a GOAWAY
   * too_many_pings unless the server's permitKeepAliveTime is lowered too).
   */
  public static BackendSpec of(String name, String target, List<String> services) {
    return new BackendSpec(name, target, services, LoadBalancing.ROUND_ROBIN, true, "", Duration.ZERO,
        Duration.ofMinutes(5), Duration.ofSeconds(10), 1, Duration.ofSeconds(2), Duration.ofSeconds(30), null);
  }

  public boolean isDefault() {
    return services.isEmpty();
  }

  public BackendSpec withTarget(String target) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withLoadBalancing(LoadBalancing loadBalancing) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withHealthCheck(boolean healthCheck, String healthService) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withTimeout(Duration timeout) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withKeepAlive(Duration keepAlive, Duration keepAliveTimeout) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withRetryAttempts(int retryAttempts) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withReconnectInterval(Duration reconnectInterval) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withDnsRefreshInterval(Duration dnsRefreshInterval) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }

  public BackendSpec withTls(Tls tls) {
    return new BackendSpec(name, target, services, loadBalancing, healthCheck, healthService, timeout, keepAlive,
        keepAliveTimeout, retryAttempts, reconnectInterval, dnsRefreshInterval, tls);
  }
}
