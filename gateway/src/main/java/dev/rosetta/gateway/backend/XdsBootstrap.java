package dev.rosetta.gateway.backend;

import io.grpc.internal.JsonParser;
import io.grpc.xds.InternalGrpcBootstrapperImpl;
import io.grpc.xds.client.Bootstrapper.BootstrapInfo;
import io.grpc.xds.client.XdsInitializationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * Reads and checks the xDS bootstrap of {@link XdsOptions} with grpc's own parser (the format of
 * gRFC A27: {@code xds_servers}, {@code node}, optional {@code authorities} and listener name
 * templates). Runs at start-up; every error names where the bootstrap came from.
 */
final class XdsBootstrap {
  private XdsBootstrap() {}

  static BootstrapInfo load(XdsOptions options, String target) {
    if (!options.hasBootstrap()) {
      throw new IllegalArgumentException("backend target '" + target + "' needs an xDS bootstrap: pass "
          + "--xds-bootstrap FILE, set xds.bootstrap in the configuration file, or GRPC_XDS_BOOTSTRAP "
          + "(a file) or GRPC_XDS_BOOTSTRAP_CONFIG (its JSON) in the environment");
    }
    String source = options.bootstrapFile() != null
        ? "xDS bootstrap file " + options.bootstrapFile() : "xDS bootstrap JSON (GRPC_XDS_BOOTSTRAP_CONFIG)";
    String json;
    try {
      json = options.bootstrapFile() != null ? Files.readString(options.bootstrapFile()) : options.bootstrapJson();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the " + source + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the " + source + ": " + e.getMessage(), e);
    }
    Object parsed;
    try {
      parsed = JsonParser.parse(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the " + source + " is not JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("the " + source + " is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> map = (Map<String, ?>) parsed;
    try {
      return InternalGrpcBootstrapperImpl.parseBootstrap(map);
    } catch (XdsInitializationException | RuntimeException e) {
      throw new IllegalArgumentException("the " + source + " is not a valid bootstrap: " + e.getMessage(), e);
    }
  }
}
