package dev.rosetta.gateway.route;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every method of the loaded services by its RPC path, {@code /package.Service/Method}: the path
 * gRPC, gRPC-Web and Connect call a method on, whether or not it has a {@code google.api.http}
 * rule. Each method is held as a {@link Route} of its own (POST, the path as a literal template,
 * the whole request message as the body, no {@code response_body}), so that an RPC request flows
 * through the same exchange layer, metrics and access log as a REST one; those routes are not in
 * {@link RouteTable#routes()} (the route listing, OpenAPI). Immutable and thread safe: built with
 * the route table.
 *
 * <p>Example: {@code /rosetta.examples.library.v1.LibraryService/GetShelf} finds the route of
 * {@code GetShelf}; {@code /rosetta.examples.library.v1.LibraryService/Nope} finds null.
 */
final class RpcProcedures {
  private final Map<String, RouteMatch> byPath;

  private RpcProcedures(Map<String, RouteMatch> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  static RpcProcedures of(DescriptorRegistry registry) {
    Map<String, RouteMatch> byPath = new HashMap<>();
    for (ServiceDescriptor service : registry.services().values()) {
      for (MethodDescriptor method : service.getMethods()) {
        put(method, "(RPC path)", byPath);
      }
    }
    return new RpcProcedures(byPath);
  }

  /**
   * These procedures and {@code methods}, which the gateway answers itself (server reflection):
   * a method of the same path in the descriptor sets gives way to the gateway's.
   */
  RpcProcedures with(List<MethodDescriptor> methods) {
    Map<String, RouteMatch> byPath = new HashMap<>(this.byPath);
    methods.forEach(method -> put(method, "(served by the gateway)", byPath));
    return new RpcProcedures(byPath);
  }

  private static void put(MethodDescriptor method, String what, Map<String, RouteMatch> byPath) {
    String path = "/" + method.getService().getFullName() + "/" + method.getName();
    // Proto identifiers and dots only: always a literal template.
    Route route = new Route("POST", PathTemplate.parse(path), method, "*", List.of(), List.of(), List.of(),
        method.getFullName() + " " + what);
    byPath.put(path, new RouteMatch(route, List.of()));
  }

  /** Every method's route, in no particular order. */
  java.util.Collection<Route> routes() {
    return byPath.values().stream().map(RouteMatch::route).toList();
  }

  /** The method at {@code rawPath} as received (RPC paths have nothing to decode); null when none is loaded there. */
  RouteMatch find(String rawPath) {
    return byPath.get(rawPath);
  }
}
