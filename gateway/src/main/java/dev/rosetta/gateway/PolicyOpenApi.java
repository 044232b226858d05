package dev.rosetta.gateway;

import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.openapi.OpenApiOptions.SecurityScheme;
import dev.rosetta.gateway.openapi.RouteSecurity;
import dev.rosetta.gateway.policy.JwtRequirement;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.PolicyException;
import dev.rosetta.gateway.policy.RoutePolicies;
import dev.rosetta.gateway.policy.TokenSource;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document of a route table as its edge policies protect it: each route that checks a
 * JWT gets the security schemes of the places its token is looked for ({@code Authorization:
 * Bearer} is an {@code http bearer} scheme, another header, a query parameter or a cookie an
 * {@code apiKey} one), required or optional as the route's {@code jwt:} says. The document the
 * gateway serves and the one {@code rosetta openapi} prints come from here, so they agree.
 *
 * <p>Security the user describes ({@code openapi.security-schemes} in the file, {@code
 * --openapi-auth}) wins: with any scheme of theirs, nothing is derived. Stateless.
 */
public final class PolicyOpenApi {
  private PolicyOpenApi() {}

  public static OpenApiDocument document(RouteTable routes, OpenApiOptions options, CodecOptions codec,
      PolicyConfig policies) {
    if (!options.securitySchemes().isEmpty() || policies.jwtProviders().isEmpty()) {
      return OpenApiDocument.of(routes, options, codec);
    }
    RoutePolicies resolved;
    try {
      resolved = RoutePolicies.of(policies, routes);
    } catch (PolicyException e) {
      // Rules that do not fit the routes stop start-up and reloads before a document is made.
      return OpenApiDocument.of(routes, options, codec);
    }
    Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
    Map<Route, RouteSecurity.Requirement> byRoute = new IdentityHashMap<>();
    for (Route route : routes.routes()) {
      JwtRequirement jwt = resolved.jwt(route);
      if (jwt == JwtRequirement.NONE) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (TokenSource source : resolved.tokenSources(route)) {
        String name = schemeName(source);
        schemes.putIfAbsent(name, scheme(source));
        names.add(name);
      }
      byRoute.put(route, new RouteSecurity.Requirement(names, jwt == JwtRequirement.OPTIONAL));
    }
    if (schemes.isEmpty()) {
      return OpenApiDocument.of(routes, options, codec);
    }
    return OpenApiDocument.of(routes, options.withSecurity(schemes, List.of(), Map.of()), codec, byRoute::get);
  }

  /** {@code bearerAuth}, or {@code jwt-header-NAME}, {@code jwt-query-NAME}, {@code jwt-cookie-NAME}. */
  static String schemeName(TokenSource source) {
    if (isBearer(source)) {
      return "bearerAuth";
    }
    String kind = source.kind().name().toLowerCase(java.util.Locale.ROOT);
    // Component names are [A-Za-z0-9._-]+ (OpenAPI 3.1, section 4.8.7.1).
    return "jwt-" + kind + "-" + source.name().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static SecurityScheme scheme(TokenSource source) {
    if (isBearer(source)) {
      return new SecurityScheme("http", "bearer", "JWT", null, null, null, null);
    }
    String in = switch (source.kind()) {
      case HEADER -> "header";
      case QUERY -> "query";
      case COOKIE -> "cookie";
    };
    return new SecurityScheme("apiKey", null, null, in, source.name(), null,
        source.prefix().isEmpty() ? "a JWT" : "a JWT after \"" + source.prefix() + "\"");
  }

  private static boolean isBearer(TokenSource source) {
    return source.kind() == TokenSource.Kind.HEADER && source.name().equals("authorization")
        && source.prefix().trim().equalsIgnoreCase("bearer");
  }
}
