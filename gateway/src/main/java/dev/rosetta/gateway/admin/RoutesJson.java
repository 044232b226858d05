package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.JsonStrings;
import java.util.Map;

/**
 * The route table as JSON, in declaration order, with the edge policies in force on each route:
 * <pre>
 * [{"httpMethod":"GET","template":"/v1/{name=shelves/*}","grpcMethod":"pkg.Library/GetShelf",
 *   "body":"","responseBody":"","source":"pkg.Library.GetShelf","policy":"rate-limits [per-client]"}]
 * </pre>
 */
final class RoutesJson {
  private RoutesJson() {}

  /** @param policies what is in force per route ({@code PolicyEngine.describe}); a route not in it has {@code none} */
  static String write(RouteTable table, Map<String, String> policies) {
    StringBuilder json = new StringBuilder("[");
    String comma = "";
    for (Route route : table.routes()) {
      json.append(comma).append('{');
      field(json, "httpMethod", route.httpMethod()).append(',');
      field(json, "template", route.template().toString()).append(',');
      field(json, "grpcMethod", route.method().getService().getFullName() + "/" + route.method().getName()).append(',');
      field(json, "body", route.body()).append(',');
      field(json, "responseBody", route.responseBody()).append(',');
      field(json, "source", route.source()).append(',');
      field(json, "policy", policies.getOrDefault(route.httpMethod() + " " + route.template(), "none"));
      json.append('}');
      comma = ",";
    }
    return json.append(']').toString();
  }

  static StringBuilder field(StringBuilder json, String name, String value) {
    JsonStrings.quote(name, json);
    json.append(':');
    JsonStrings.quote(value, json);
    return json;
  }
}
