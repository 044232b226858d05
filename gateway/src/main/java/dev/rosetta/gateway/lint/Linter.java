package dev.rosetta.gateway.lint;

import com.google.api.AnnotationsProto;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds annotation problems in a registry's {@code google.api.http} rules, all at once:
 *
 * <ul>
 *   <li>error: a rule that cannot become a route (bad template, a path variable on a repeated,
 *       map or message field, a body or response_body naming no field, ...);
 *   <li>error: two rules of one HTTP method on the same path shape (one would never be reached);
 *   <li>error: GET or DELETE with a body (http.proto: "GET ... must not have a body"; clients and
 *       proxies drop such bodies);
 *   <li>warning: a method of a service with rules whose own rule is missing (not served over HTTP).
 * </ul>
 */
public final class Linter {
  private Linter() {}

  /** A problem and where it is. */
  public record Finding(Severity severity, String message) {
    @Override
    public String toString() {
      return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
  }

  public enum Severity { ERROR, WARNING }

  public static List<Finding> lint(DescriptorRegistry registry) {
    List<Finding> findings = new ArrayList<>();
    RouteCheck check = RouteCheck.of(registry);
    for (String problem : check.problems()) {
      findings.add(new Finding(Severity.ERROR, problem));
    }
    for (Route route : check.routes()) {
      if ((route.httpMethod().equals("GET") || route.httpMethod().equals("DELETE")) && !route.body().isEmpty()) {
        findings.add(new Finding(Severity.ERROR, route.source() + ": " + route + ": " + route.httpMethod()
            + " has body '" + route.body() + "'; GET and DELETE carry no body (move the fields to the path or "
            + "query, or use POST)"));
      }
    }
    for (ServiceDescriptor service : registry.services().values()) {
      boolean annotated = service.getMethods().stream().anyMatch(Linter::hasRule);
      if (!annotated) {
        findings.add(new Finding(Severity.WARNING, service.getFullName()
            + ": no method has a google.api.http rule, so the service is not served over HTTP"));
        continue;
      }
      for (MethodDescriptor method : service.getMethods()) {
        if (!hasRule(method)) {
          findings.add(new Finding(Severity.WARNING, method.getFullName()
              + ": no google.api.http rule, so the method is not served over HTTP"));
        }
      }
    }
    return findings;
  }

  private static boolean hasRule(MethodDescriptor method) {
    return method.getOptions().hasExtension(AnnotationsProto.http);
  }
}
