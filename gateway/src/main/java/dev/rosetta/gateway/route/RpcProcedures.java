package dev.rosetta.gateway.route;

import com.google.api.AnnotationsProto;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every method of the loaded services by its RPC path, {@code /package.Service/Method}: the path
 * gRPC, gRPC-Web and Connect call a method on, whether or not it has a {@code google.api.http}
 * rule. Each method is held as a {@link Route} of its own (POST, the path as a literal template,
 * the whole request message as the body, no {@code response_body}), so that an RPC request flows
 * through the same exchange layer, metrics and access log as a REST one; those routes are not in
 * {@link RouteTable#routes()} (the route listing, OpenAPI). Immutable and thread safe: built with
 * the route table.
 *
 * <p>The one place that enumerates methods by RPC path: the auto routes ({@code --auto-routes},
 * {@link #autoRoutes}) are the same routes, for the methods without a rule, served as REST ones.
 *
 * <p>Example: {@code /rosetta.examples.library.v1.LibraryService/GetShelf} finds the route of
 * {@code GetShelf}; {@code /rosetta.examples.library.v1.LibraryService/Nope} finds null.
 */
final class RpcProcedures {
  /** The end of an RPC path route's {@link Route#source}. */
  private static final String RPC_PATH = " (RPC path)";
  /** The end of the source of a method the gateway answers itself. */
  private static final String SERVED_BY_GATEWAY = " (served by the gateway)";

  /** No RPC paths. */
  static final RpcProcedures NONE = new RpcProcedures(Map.of());

  private final Map<String, RouteMatch> byPath;

  private RpcProcedures(Map<String, RouteMatch> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  static RpcProcedures of(DescriptorRegistry registry) {
    Map<String, RouteMatch> byPath = new HashMap<>();
    for (Route route : routes(registry, method -> true, RPC_PATH)) {
      byPath.put(route.template().toString(), new RouteMatch(route, List.of()));
    }
    return new RpcProcedures(byPath);
  }

  /**
   * Envoy's {@code auto_mapping}: {@code POST /package.Service/Method} with {@code body: "*"} for
   * every method, unary or streaming, that has no {@code google.api.http} rule, in declaration order.
   */
  static List<Route> autoRoutes(DescriptorRegistry registry) {
    return routes(registry, method -> !method.getOptions().hasExtension(AnnotationsProto.http), Route.AUTO_ROUTE);
  }

  /**
   * These procedures and {@code methods}, which the gateway answers itself (server reflection):
   * a method of the same path in the descriptor sets gives way to the gateway's.
   */
  RpcProcedures with(List<MethodDescriptor> methods) {
    Map<String, RouteMatch> byPath = new HashMap<>(this.byPath);
    for (MethodDescriptor method : methods) {
      Route route = route(method, SERVED_BY_GATEWAY);
      byPath.put(route.template().toString(), new RouteMatch(route, List.of()));
    }
    return new RpcProcedures(byPath);
  }

  /** Every method's route, in no particular order. */
  Collection<Route> routes() {
    return byPath.values().stream().map(RouteMatch::route).toList();
  }

  /** The method at {@code rawPath} as received (RPC paths have nothing to decode); null when none is loaded there. */
  RouteMatch find(String rawPath) {
    return byPath.get(rawPath);
  }

  /**
   * The route on its RPC path of every method {@code which} takes, in declaration order, its
   * source the method's full name and {@code sourceSuffix}. A client stream's messages are each
   * a whole request message, so body {@code *} fits every shape.
   */
  private static List<Route> routes(DescriptorRegistry registry, Predicate<MethodDescriptor> which, String sourceSuffix) {
    List<Route> routes = new ArrayList<>();
    for (ServiceDescriptor service : registry.services().values()) {
      for (MethodDescriptor method : service.getMethods()) {
        if (which.test(method)) {
          routes.add(route(method, sourceSuffix));
        }
      }
    }
    return routes;
  }

  private static Route route(MethodDescriptor method, String sourceSuffix) {
    // Proto identifiers and dots only: always a literal template.
    PathTemplate path = PathTemplate.parse("/" + method.getService().getFullName() + "/" + method.getName());
    return new Route("POST", path, method, "*", List.of(), List.of(), List.of(), method.getFullName() + sourceSuffix);
  }
}
