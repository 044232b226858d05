package dev.rosetta.gateway.backend;

/**
 * How the gateway talks to backends.
 *
 * @param maxMessageBytes largest gRPC message sent or received, both ways
 * @param flowControlWindowBytes initial HTTP/2 flow-control window per stream and connection;
 *     sized so that a 1 MiB message is not cut into many window updates
 */
public record BackendOptions(int maxMessageBytes, int flowControlWindowBytes) {
  public static final BackendOptions DEFAULTS = new BackendOptions(16 << 20, 4 << 20);
}
