package dev.rosetta.gateway.config;

import dev.rosetta.gateway.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** One entry of {@code backends:} in the configuration file, read into a {@link BackendSpec}. */
final class BackendSection {
  private static final Set<String> KEYS = Set.of("name", "target", "services", "load-balancing", "health-check",
      "health-service", "timeout", "keepalive", "keepalive-timeout", "retry-attempts", "reconnect-interval",
      "dns-refresh-interval", "tls");
  private static final Set<String> TLS_KEYS = Set.of("ca-file", "cert-file", "key-file", "authority");

  private BackendSection() {}

  /** Reads one backend; relative TLS file paths resolve against {@code dir}, the file's directory. */
  static BackendSpec read(Section s, int index, Path dir) throws ConfigException {
    return read(s, "backend-" + index, dir);
  }

  /** Reads one backend-like section; {@code defaultName} names it when the section does not. */
  static BackendSpec read(Section s, String defaultName, Path dir) throws ConfigException {
    s.allowOnly(KEYS);
    String target = s.string("target");
    if (target == null || target.isBlank()) {
      throw s.error("target", "every backend needs a target (host:port, dns:///name:port or host1:port1,host2:port2)");
    }
    String name = s.string("name");
    List<String> services = s.strings("services");
    for (String service : services == null ? List.<String>of() : services) {
      if (!service.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(\\.\\*)?")) {
        throw s.error("services", "'" + service + "' is neither a full service name (pkg.v1.Service) nor a pattern (pkg.*)");
      }
    }
    BackendSpec spec = BackendSpec.of(name == null ? defaultName : name, target,
        services == null ? List.of() : services);
    try {
      if (s.has("load-balancing")) {
        spec = spec.withLoadBalancing(BackendSpec.LoadBalancing.parse(s.string("load-balancing")));
      }
    } catch (IllegalArgumentException e) {
      throw s.error("load-balancing", e.getMessage());
    }
    Boolean health = s.bool("health-check");
    String healthService = s.string("health-service");
    spec = spec.withHealthCheck(health == null ? spec.healthCheck() : health,
        healthService == null ? spec.healthService() : healthService);
    spec = spec.withTimeout(orElse(s.duration("timeout"), spec.timeout()));
    spec = spec.withKeepAlive(orElse(s.duration("keepalive"), spec.keepAlive()),
        orElse(s.duration("keepalive-timeout"), spec.keepAliveTimeout()));
    Integer attempts = s.integer("retry-attempts");
    if (attempts != null) {
      if (attempts < 1 || attempts > 5) {
        throw s.error("retry-attempts", "expected 1 (no retry) to 5 attempts, got " + attempts);
      }
      spec = spec.withRetryAttempts(attempts);
    }
    spec = spec.withReconnectInterval(orElse(s.duration("reconnect-interval"), spec.reconnectInterval()));
    spec = spec.withDnsRefreshInterval(orElse(s.duration("dns-refresh-interval"), spec.dnsRefreshInterval()));
    if (s.has("tls") && s.isScalar("tls")) {
      // tls: true — TLS with the JVM's trust store and nothing else to set.
      if (Boolean.TRUE.equals(s.bool("tls"))) {
        spec = spec.withTls(new BackendSpec.Tls(null, null, null, null));
      }
    } else if (s.has("tls")) {
      spec = spec.withTls(readTls(s.section("tls"), dir));
    }
    return spec;
  }

  private static BackendSpec.Tls readTls(Section tls, Path dir) throws ConfigException {
    tls.allowOnly(TLS_KEYS);
    Path cert = path(dir, tls.string("cert-file"));
    Path key = path(dir, tls.string("key-file"));
    if ((cert == null) != (key == null)) {
      throw tls.error(cert == null ? "key-file" : "cert-file", "a client certificate needs both cert-file and key-file");
    }
    return new BackendSpec.Tls(path(dir, tls.string("ca-file")), cert, key, tls.string("authority"));
  }

  private static Path path(Path dir, String value) {
    return value == null || value.isBlank() ? null : dir.resolve(value);
  }

  private static Duration orElse(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
