package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.JsonStrings;

/**
 * The route table as JSON, in declaration order:
 * <pre>
 * [{"httpMethod":"GET","template":"/v1/{name=shelves/*}","grpcMethod":"pkg.Library/GetShelf",
 *   "body":"","responseBody":"","source":"pkg.Library.GetShelf"}]
 * </pre>
 */
final class RoutesJson {
  private RoutesJson() {}

  static String write(RouteTable table) {
    StringBuilder json = new StringBuilder("[");
    String comma = "";
    for (Route route : table.routes()) {
      json.append(comma).append('{');
      field(json, "httpMethod", route.httpMethod()).append(',');
      field(json, "template", route.template().toString()).append(',');
      field(json, "grpcMethod", route.method().getService().getFullName() + "/" + route.method().getName()).append(',');
      field(json, "body", route.body()).append(',');
      field(json, "responseBody", route.responseBody()).append(',');
      field(json, "source", route.source());
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
