package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.route.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Security in the document: the schemes, the global requirement, and each operation's own
 * requirement: the route's own where a {@link RouteSecurity} decides it (the gateway's JWT
 * policies), else where {@link OpenApiOptions#operationSecurity()} selects its method. The most
 * specific selector wins: the full method name, then the service, then the longest {@code pkg.*}.
 */
final class OperationSecurity {
  private final OpenApiOptions options;
  private final RouteSecurity routes;

  OperationSecurity(OpenApiOptions options, RouteSecurity routes) {
    this.options = options;
    this.routes = routes;
  }

  /** Sets {@code security} on {@code operation} when its route's schemes differ from the global ones. */
  void apply(Route route, Map<String, Object> operation) {
    RouteSecurity.Requirement own = routes.of(route);
    if (own != null) {
      List<Object> requirement = requirement(own.schemes());
      if (own.optional() && !requirement.isEmpty()) {
        requirement.add(obj()); // {}: or no authentication at all
      }
      if (!requirement.isEmpty() || !options.security().isEmpty()) {
        operation.put("security", requirement);
      }
      return;
    }
    MethodDescriptor method = route.method();
    List<String> schemes = select(method);
    if (schemes != null && !schemes.equals(options.security())) {
      operation.put("security", requirement(schemes)); // [] says: no authentication
    }
  }

  private List<String> select(MethodDescriptor method) {
    Map<String, List<String>> bySelector = options.operationSecurity();
    String service = method.getService().getFullName();
    List<String> exact = bySelector.get(service + "." + method.getName());
    if (exact == null) {
      exact = bySelector.get(service + "/" + method.getName());
    }
    if (exact != null) {
      return exact;
    }
    if (bySelector.containsKey(service)) {
      return bySelector.get(service);
    }
    String best = null;
    for (String selector : bySelector.keySet()) {
      if (selector.endsWith(".*") && service.startsWith(selector.substring(0, selector.length() - 1))
          && (best == null || selector.length() > best.length())) {
        best = selector;
      }
    }
    return best == null ? null : bySelector.get(best);
  }

  /** A security requirement list: any one of {@code schemes} will do. */
  static List<Object> requirement(List<String> schemes) {
    List<Object> out = new ArrayList<>();
    for (String scheme : schemes) {
      out.add(obj(scheme, List.of()));
    }
    return out;
  }

  static Map<String, Object> schemes(Map<String, OpenApiOptions.SecurityScheme> schemes) {
    Map<String, Object> out = new LinkedHashMap<>();
    schemes.forEach((name, s) -> {
      Map<String, Object> scheme = obj("type", s.type());
      put(scheme, "scheme", s.scheme());
      put(scheme, "bearerFormat", s.bearerFormat());
      put(scheme, "in", s.in());
      put(scheme, "name", s.name());
      put(scheme, "openIdConnectUrl", s.openIdConnectUrl());
      put(scheme, "description", s.description() == null ? null : Descriptions.safe(s.description()));
      out.put(name, scheme);
    });
    return out;
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
