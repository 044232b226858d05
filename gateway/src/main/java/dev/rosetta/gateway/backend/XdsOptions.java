package dev.rosetta.gateway.backend;

import java.nio.file.Path;

/**
 * Where {@code xds:///} targets find their xDS bootstrap: the JSON that names the control plane
 * (server URI, channel credentials) and this node (id, metadata), as in gRFC A27. At most one
 * of the two is set; with neither, an {@code xds:///} target stops start-up.
 *
 * <p>The command line fills this from {@code --xds-bootstrap}, {@code ROSETTA_XDS_BOOTSTRAP} or the
 * file's {@code xds.bootstrap}, else from grpc's own {@code GRPC_XDS_BOOTSTRAP} (a file) or
 * {@code GRPC_XDS_BOOTSTRAP_CONFIG} (the JSON itself), so a pod set up for proxyless gRPC (Istio's
 * injector sets {@code GRPC_XDS_BOOTSTRAP}) needs nothing more.
 *
 * @param bootstrapFile a bootstrap JSON file; null when {@code bootstrapJson} or nothing is given
 * @param bootstrapJson the bootstrap JSON text; null when {@code bootstrapFile} or nothing is given
 */
public record XdsOptions(Path bootstrapFile, String bootstrapJson) {
  public static final XdsOptions NONE = new XdsOptions(null, null);

  public XdsOptions {
    if (bootstrapFile != null && bootstrapJson != null) {
      throw new IllegalArgumentException("an xDS bootstrap file or its JSON, not both");
    }
  }

  /** True when a bootstrap is configured. */
  public boolean hasBootstrap() {
    return bootstrapFile != null || bootstrapJson != null;
  }
}
