package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.accesslog.AccessLog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The operator flags (admin listener, access log), mixed into {@link GatewayOptions}. */
final class OperationsFlags {
  @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "${env:ROSETTA_ADMIN_PORT:-9901}",
      description = "Port of the admin listener (/healthz, /readyz, /routes, /metrics, POST /reload); "
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

  OperationsOptions toOptions() {
    return new OperationsOptions(adminBind.trim(), adminPort < 0 ? -1 : adminPort, accessLog, watchDescriptors,
        openApi);
  }

  static final class FormatConverter implements ITypeConverter<AccessLog.Format> {
    @Override
    public AccessLog.Format convert(String value) {
      return AccessLog.Format.parse(value);
    }
  }
}
