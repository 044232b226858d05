package dev.rosetta.gateway;

import dev.rosetta.gateway.route.RouteOptions;

/**
 * Where Rosetta follows grpc-gateway and Envoy's transcoder by default, and the switches back to
 * the stricter behaviour, plus the lenient extras those peers offer (docs/migrating.md).
 * Immutable.
 *
 * @param strictRoutes refuse to start when two rules claim the same method and path, instead of
 *     serving the later one with a warning
 * @param strictBody answer 400 to a body sent to a rule without {@code body}, instead of ignoring it
 * @param caseInsensitiveEnums accept enum names in any case in query parameters, path variables
 *     and JSON bodies (Envoy's {@code case_insensitive_enum_parsing})
 * @param autoRoutes route {@code POST /package.Service/Method} to every method without a
 *     {@code google.api.http} rule (Envoy's {@code auto_mapping})
 * @param strictContentType answer 415 to a body sent as {@code text/plain} or
 *     {@code application/x-www-form-urlencoded} (curl's {@code -d}), instead of reading it as JSON
 */
public record CompatOptions(boolean strictRoutes, boolean strictBody, boolean caseInsensitiveEnums,
    boolean autoRoutes, boolean strictContentType) {

  /** The defaults: lenient where grpc-gateway and Envoy are, no extras. */
  public static final CompatOptions DEFAULTS = new CompatOptions(false, false, false, false, false);

  public RouteOptions routes() {
    return new RouteOptions(strictRoutes, autoRoutes);
  }

  public CompatOptions withStrictRoutes(boolean strict) {
    return new CompatOptions(strict, strictBody, caseInsensitiveEnums, autoRoutes, strictContentType);
  }

  public CompatOptions withStrictBody(boolean strict) {
    return new CompatOptions(strictRoutes, strict, caseInsensitiveEnums, autoRoutes, strictContentType);
  }

  public CompatOptions withCaseInsensitiveEnums(boolean caseInsensitive) {
    return new CompatOptions(strictRoutes, strictBody, caseInsensitive, autoRoutes, strictContentType);
  }

  public CompatOptions withAutoRoutes(boolean auto) {
    return new CompatOptions(strictRoutes, strictBody, caseInsensitiveEnums, auto, strictContentType);
  }

  public CompatOptions withStrictContentType(boolean strict) {
    return new CompatOptions(strictRoutes, strictBody, caseInsensitiveEnums, autoRoutes, strict);
  }
}
