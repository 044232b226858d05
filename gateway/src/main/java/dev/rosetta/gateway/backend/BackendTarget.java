package dev.rosetta.gateway.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the target a user writes into the URI a gRPC channel resolves:
 *
 * <pre>
 * target      = uri / list / host-port
 * uri         = scheme ":///" ...        ; passed through: dns:///backend.ns.svc:9090
 * list        = host-port 1*("," host-port)  ; static:///a:1,b:2 (see StaticResolverProvider)
 * host-port   = host ":" port              ; dns:///host:port, so names are re-resolved
 * </pre>
 */
final class BackendTarget {
  private BackendTarget() {}

  static String toUri(String target) {
    String t = target.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty backend target: use host:port, dns:///name:port or host1:port1,host2:port2");
    }
    if (t.contains(":///")) {
      return t;
    }
    List<String> parts = new ArrayList<>();
    for (String part : t.split(",")) {
      parts.add(checkHostPort(part.trim(), target));
    }
    return parts.size() == 1 ? "dns:///" + parts.get(0) : StaticResolverProvider.SCHEME + ":///" + String.join(",", parts);
  }

  static String checkHostPort(String hostPort, String target) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("backend target '" + target + "': '" + hostPort + "' is not host:port");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("backend target '" + target + "': '" + hostPort + "' has no valid port (1-65535)");
    }
    return hostPort;
  }

  static String host(String hostPort) {
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
