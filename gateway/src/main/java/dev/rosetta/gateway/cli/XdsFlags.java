package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.backend.XdsOptions;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Where {@code xds:///} backend targets find their xDS bootstrap; mixed into {@link GatewayOptions}. */
@Command(addMethodSubcommands = false)
final class XdsFlags {
  @Option(names = "--xds-bootstrap", paramLabel = "JSON-FILE", defaultValue = "${env:ROSETTA_XDS_BOOTSTRAP}",
      description = "xDS bootstrap file for xds:/// backend targets (env ROSETTA_XDS_BOOTSTRAP; default grpc's own "
          + "GRPC_XDS_BOOTSTRAP file or GRPC_XDS_BOOTSTRAP_CONFIG JSON, as Istio sets them).")
  Path bootstrap;

  /**
   * The flag (or its variable, or the file's {@code xds.bootstrap}), else grpc's own variables, so
   * that a pod prepared for proxyless gRPC works unchanged.
   */
  XdsOptions toOptions(Map<String, String> env) {
    if (bootstrap != null) {
      return new XdsOptions(bootstrap, null);
    }
    String file = env.get("GRPC_XDS_BOOTSTRAP");
    if (file != null && !file.isBlank()) {
      return new XdsOptions(Path.of(file), null);
    }
    String json = env.get("GRPC_XDS_BOOTSTRAP_CONFIG");
    return json != null && !json.isBlank() ? new XdsOptions(null, json) : XdsOptions.NONE;
  }
}
