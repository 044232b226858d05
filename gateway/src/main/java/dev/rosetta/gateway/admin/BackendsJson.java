package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.EndpointStats;
import dev.rosetta.gateway.backend.XdsView;
import dev.rosetta.gateway.status.JsonStrings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backends as the gateway sees them, for {@code GET /backends}:
 * <pre>
 * [{"name":"books","target":"xds:///books","state":"READY","services":["pkg.Books"],
 *   "endpoints":[{"address":"10.0.0.7:9090","calls":{"OK":120,"UNAVAILABLE":1}}],
 *   "xds":{"resources":[{"type":"LDS","name":"books","status":"ACKED","version":"7","error":""}, ...],
 *          "endpoints":[{"cluster":"books-v1","address":"10.0.0.7:9090","locality":"eu/eu-1a/",
 *                        "priority":0,"weight":90,"health":"HEALTHY"}]}}]
 * </pre>
 * {@code endpoints} are the addresses that answered calls (every kind of target); {@code xds},
 * only for {@code xds:///} targets, is what the control plane sent: subscribed resources with
 * their status, and the endpoints of every cluster received, whether they took calls yet or not.
 */
final class BackendsJson {
  private BackendsJson() {}

  /** Reads each xDS target's view (blocking briefly): call it off the event loops. */
  static String write(List<Backend> backends) {
    StringBuilder json = new StringBuilder("[");
    String comma = "";
    for (Backend backend : backends) {
      json.append(comma).append('{');
      field(json, "name", backend.spec().name()).append(',');
      field(json, "target", backend.target()).append(',');
      field(json, "state", String.valueOf(backend.state())).append(",\"services\":[");
      String c = "";
      for (String service : backend.spec().services()) {
        json.append(c);
        JsonStrings.quote(service, json);
        c = ",";
      }
      json.append("],\"endpoints\":[");
      c = "";
      for (EndpointStats endpoint : backend.endpoints()) {
        json.append(c).append('{');
        field(json, "address", endpoint.address()).append(",\"calls\":{");
        String cc = "";
        for (Map.Entry<String, Long> code : new TreeMap<>(endpoint.callsByCode()).entrySet()) {
          json.append(cc);
          JsonStrings.quote(code.getKey(), json);
          json.append(':').append(code.getValue());
          cc = ",";
        }
        json.append("}}");
        c = ",";
      }
      json.append(']');
      XdsView xds = backend.xds();
      if (xds != null) {
        json.append(",\"xds\":{\"resources\":");
        resources(xds.resources(), json);
        json.append(",\"endpoints\":[");
        c = "";
        for (XdsView.Endpoint endpoint : xds.endpoints()) {
          json.append(c).append('{');
          field(json, "cluster", endpoint.cluster()).append(',');
          field(json, "address", endpoint.address()).append(',');
          field(json, "locality", endpoint.locality()).append(',');
          json.append("\"priority\":").append(endpoint.priority()).append(",\"weight\":").append(endpoint.weight()).append(',');
          field(json, "health", endpoint.health()).append('}');
          c = ",";
        }
        json.append("]}");
      }
      json.append('}');
      comma = ",";
    }
    return json.append(']').toString();
  }

  /** {@code {"backend name":[resource, ...]}}: what each xDS backend still waits for. */
  static void pending(Map<String, List<XdsView.Resource>> byBackend, StringBuilder json) {
    json.append('{');
    String comma = "";
    for (Map.Entry<String, List<XdsView.Resource>> backend : byBackend.entrySet()) {
      json.append(comma);
      JsonStrings.quote(backend.getKey(), json);
      json.append(':');
      resources(backend.getValue(), json);
      comma = ",";
    }
    json.append('}');
  }

  private static void resources(List<XdsView.Resource> resources, StringBuilder json) {
    json.append('[');
    String comma = "";
    for (XdsView.Resource resource : resources) {
      json.append(comma).append('{');
      field(json, "type", resource.type()).append(',');
      field(json, "name", resource.name()).append(',');
      field(json, "status", resource.status()).append(',');
      field(json, "version", resource.version()).append(',');
      field(json, "error", resource.error()).append('}');
      comma = ",";
    }
    json.append(']');
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    return RoutesJson.field(json, name, value);
  }
}
