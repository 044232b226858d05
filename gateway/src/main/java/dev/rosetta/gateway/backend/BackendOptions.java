package dev.rosetta.gateway.backend;

/**
 * How the gateway talks to backends.
 *
 * @param maxMessageBytes largest gRPC message sent or received, both ways
 * @param flowControlWindowBytes initial HTTP/2 flow-control window per stream and connection;
 *     sized so that a 1 MiB message is not cut into many window updates
 * @param xds the xDS bootstrap of {@code xds:///} targets
 */
public record BackendOptions(int maxMessageBytes, int flowControlWindowBytes, XdsOptions xds) {
  public static final BackendOptions DEFAULTS = new BackendOptions(16 << 20, 4 << 20);

  public BackendOptions {
    xds = xds == null ? XdsOptions.NONE : xds;
  }

  /** Options without an xDS bootstrap. */
  public BackendOptions(int maxMessageBytes, int flowControlWindowBytes) {
    this(maxMessageBytes, flowControlWindowBytes, XdsOptions.NONE);
  }

  public BackendOptions withMaxMessageBytes(int maxMessageBytes) {
    return new BackendOptions(maxMessageBytes, flowControlWindowBytes, xds);
  }

  public BackendOptions withXds(XdsOptions xds) {
    return new BackendOptions(maxMessageBytes, flowControlWindowBytes, xds);
  }
}
