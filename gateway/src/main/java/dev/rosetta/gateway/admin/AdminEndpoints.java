package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.XdsView;
import dev.rosetta.gateway.policy.PolicyEngine;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.JsonStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints, by path:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process serves at all (liveness).
 *   <li>{@code GET /readyz}: 200 when routes are loaded and every backend has a connected
 *       channel, else 503; the body says which part is missing (readiness), down to the xDS
 *       resources an {@code xds:///} backend has not received yet. 503 while the start's warm-up
 *       runs ({@code --warm-up-connections}), and from the start of a graceful shutdown, so a load
 *       balancer stops sending before the listener closes.
 *   <li>{@code GET /routes}: the route table as JSON, with the edge policies of each route.
 *   <li>{@code GET /config}: the edge policies in force (providers, limits, services, and each
 *       route's), as JSON.
 *   <li>{@code GET /backends}: every backend, its state and the endpoints it sees (JSON).
 *   <li>{@code GET /metrics}: Prometheus text format.
 *   <li>{@code POST /reload}: re-reads the descriptors and swaps the new table in; 200 with the
 *       route count, or 500 with the reason and the old table kept.
 * </ul>
 */
final class AdminEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.admin");

  private final AdminSources sources;

  AdminEndpoints(AdminSources sources) {
    this.sources = sources;
  }

  /** Paths answered on the event loop: they only read memory. */
  static boolean isQuick(String path) {
    return path.equals("/healthz") || path.equals("/routes") || path.equals("/config");
  }

  AdminResponse answer(String method, String path) {
    boolean reload = path.equals("/reload");
    if (!(reload || isQuick(path) || path.equals("/readyz") || path.equals("/metrics") || path.equals("/backends"))) {
      return AdminResponse.text(404, "no admin endpoint " + path
          + "; try /healthz, /readyz, /routes, /config, /backends, /metrics, POST /reload\n");
    }
    String allowed = reload ? "POST" : "GET";
    if (!method.equals(allowed)) {
      return AdminResponse.text(405, path + " takes " + allowed + "\n");
    }
    return switch (path) {
      case "/healthz" -> AdminResponse.text(200, "ok\n");
      case "/readyz" -> readiness();
      case "/routes" -> AdminResponse.json(200, RoutesJson.write(sources.routes().get(), policies().describe()));
      case "/config" -> AdminResponse.json(200, PoliciesJson.write(policies()));
      case "/metrics" -> metrics();
      case "/backends" -> AdminResponse.json(200, BackendsJson.write(sources.backends().get()));
      default -> reload();
    };
  }

  private PolicyEngine policies() {
    return sources.policies().get();
  }

  private AdminResponse readiness() {
    RouteTable routes = sources.routes().get();
    List<Backend> all = sources.backends().get();
    Map<String, String> backends = new TreeMap<>();
    Map<String, List<XdsView.Resource>> xdsPending = new TreeMap<>();
    for (Backend backend : all) {
      backends.put(backend.target(), String.valueOf(backend.state()));
      XdsView xds = backend.xds();
      if (xds != null) {
        xdsPending.put(backend.spec().name(), xds.pending());
      }
    }
    boolean routesLoaded = routes != null && !routes.routes().isEmpty();
    boolean reachable = backends.values().stream().allMatch("READY"::equals);
    boolean draining = sources.draining().getAsBoolean();
    boolean warmingUp = sources.warmingUp().getAsBoolean();
    boolean ready = routesLoaded && reachable && !draining && !warmingUp;
    StringBuilder json = new StringBuilder("{\"ready\":").append(ready)
        .append(",\"draining\":").append(draining)
        .append(",\"warmingUp\":").append(warmingUp)
        .append(",\"routes\":").append(routes == null ? 0 : routes.routes().size())
        .append(",\"backends\":{");
    String comma = "";
    for (Map.Entry<String, String> backend : backends.entrySet()) {
      json.append(comma);
      JsonStrings.quote(backend.getKey(), json);
      json.append(':');
      JsonStrings.quote(backend.getValue(), json);
      comma = ",";
    }
    json.append('}');
    if (!xdsPending.isEmpty()) {
      // What each xds:/// backend still waits for (or was refused): why its channel is not ready.
      json.append(",\"xdsPending\":");
      BackendsJson.pending(xdsPending, json);
    }
    json.append('}');
    return AdminResponse.json(ready ? 200 : 503, json.toString());
  }

  private AdminResponse metrics() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      sources.metrics().write(out);
    } catch (IOException | RuntimeException e) {
      LOG.warn("metrics scrape failed", e);
      return AdminResponse.text(500, "metrics scrape failed: " + e.getMessage() + "\n");
    }
    return new AdminResponse(200, sources.metrics().contentType(), out.toByteArray());
  }

  private AdminResponse reload() {
    if (sources.reloader() == null) {
      return AdminResponse.text(404, "reloading is not available\n");
    }
    try {
      int routes = sources.reloader().reload();
      return AdminResponse.json(200, "{\"reloaded\":true,\"routes\":" + routes + "}");
    } catch (Exception e) {
      StringBuilder json = new StringBuilder("{\"reloaded\":false,\"error\":");
      JsonStrings.quote(String.valueOf(e.getMessage()), json);
      return AdminResponse.json(500, json.append('}').toString());
    }
  }
}
