package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.CompatOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The switches between grpc-gateway/Envoy leniency and strictness, mixed into {@link GatewayOptions}. */
@Command(addMethodSubcommands = false)
final class CompatFlags {
  @Mixin RouteFlags routes;

  @Option(names = "--strict-body", defaultValue = "${env:ROSETTA_STRICT_BODY:-false}",
      description = "Answer 400 to a request body sent to a rule without 'body', instead of ignoring the body as "
          + "grpc-gateway and Envoy do (env ROSETTA_STRICT_BODY).")
  boolean strictBody;

  @Option(names = "--case-insensitive-enums", defaultValue = "${env:ROSETTA_CASE_INSENSITIVE_ENUMS:-false}",
      description = "Accept enum value names in any case in query parameters, path variables and JSON bodies "
          + "(Envoy's case_insensitive_enum_parsing) (env ROSETTA_CASE_INSENSITIVE_ENUMS).")
  boolean caseInsensitiveEnums;

  @Option(names = "--strict-content-type", defaultValue = "${env:ROSETTA_STRICT_CONTENT_TYPE:-false}",
      description = "Answer 415 to a body sent as text/plain or application/x-www-form-urlencoded (curl -d), "
          + "instead of reading it as JSON as grpc-gateway and Envoy do (env ROSETTA_STRICT_CONTENT_TYPE).")
  boolean strictContentType;

  CompatOptions toOptions() {
    return new CompatOptions(routes.strictRoutes, strictBody, caseInsensitiveEnums, routes.autoRoutes,
        strictContentType);
  }
}
