package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.accesslog.AccessLog;
import dev.rosetta.gateway.http.CorsPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The operator flags (admin listener, access log), mixed into {@link GatewayOptions}. */
@Command(addMethodSubcommands = false)
final class OperationsFlags {
  @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "${env:ROSETTA_ADMIN_PORT:-9901}",
      description = "Port of the admin listener (/healthz, /readyz, /routes, /backends, /metrics, POST /reload); "
          + "-1 turns it off (env ROSETTA_ADMIN_PORT, default ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(names = "--admin-bind", paramLabel = "ADDRESS", defaultValue = "${env:ROSETTA_ADMIN_BIND:-127.0.0.1}",
      description = "Address of the admin listener (env ROSETTA_ADMIN_BIND, default ${DEFAULT-VALUE}: "
          + "only this host can reach it).")
  String adminBind;

  @Option(names = "--access-log", paramLabel = "FORMAT", defaultValue = "${env:ROSETTA_ACCESS_LOG:-off}",
      converter = FormatConverter.class,
      description = "One line per request on the logger rosetta.access: text, json (one JSON object a line) "
          + "or off (env ROSETTA_ACCESS_LOG, default ${DEFAULT-VALUE}).")
  AccessLog.Format accessLog;

  @Option(names = "--watch-descriptors", negatable = true, defaultValue = "${env:ROSETTA_WATCH_DESCRIPTORS:-true}",
      fallbackValue = "true",
      description = "Reload when a descriptor set file changes (--no-watch-descriptors to turn off; "
          + "env ROSETTA_WATCH_DESCRIPTORS, default ${DEFAULT-VALUE}). SIGHUP and POST /reload always work.")
  boolean watchDescriptors;

  @Option(names = "--openapi", negatable = true, defaultValue = "${env:ROSETTA_OPENAPI:-true}", fallbackValue = "true",
      description = "Serve the generated OpenAPI 3.1 description at /openapi.json and /openapi.yaml on the public "
          + "port (--no-openapi to turn off; env ROSETTA_OPENAPI, default ${DEFAULT-VALUE}).")
  boolean openApi;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN", split = ",", defaultValue = "${env:ROSETTA_CORS_ORIGINS}",
      description = "Browser origin allowed to call the gateway, e.g. https://app.example.com, or * for any "
          + "(repeatable; CORS is off when none is given; env ROSETTA_CORS_ORIGINS, comma-separated).")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--cors-methods", paramLabel = "METHODS", split = ",",
      defaultValue = "${env:ROSETTA_CORS_METHODS:-GET,POST,PUT,PATCH,DELETE}",
      description = "Methods a CORS preflight allows (env ROSETTA_CORS_METHODS, default ${DEFAULT-VALUE}).")
  List<String> corsMethods = new ArrayList<>();

  @Option(names = "--cors-headers", paramLabel = "HEADERS", split = ",",
      defaultValue = "${env:ROSETTA_CORS_HEADERS:-Content-Type,Authorization,X-Request-Id,Grpc-Timeout}",
      description = "Request headers a CORS preflight allows; * allows whatever the browser asks for "
          + "(env ROSETTA_CORS_HEADERS, default ${DEFAULT-VALUE}).")
  List<String> corsHeaders = new ArrayList<>();

  @Option(names = "--cors-max-age", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_CORS_MAX_AGE:-10m}",
      converter = Converters.DurationConverter.class,
      description = "How long a browser may cache a preflight answer (env ROSETTA_CORS_MAX_AGE, default ${DEFAULT-VALUE}).")
  Duration corsMaxAge;

  OperationsOptions toOptions() {
    CorsPolicy cors = new CorsPolicy(trimmed(corsOrigins), trimmed(corsMethods), trimmed(corsHeaders), corsMaxAge);
    return new OperationsOptions(adminBind.trim(), adminPort < 0 ? -1 : adminPort, accessLog, watchDescriptors,
        openApi, cors);
  }

  private static List<String> trimmed(List<String> list) {
    return list == null ? List.of() : list.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  static final class FormatConverter implements ITypeConverter<AccessLog.Format> {
    @Override
    public AccessLog.Format convert(String value) {
      return AccessLog.Format.parse(value);
    }
  }
}
