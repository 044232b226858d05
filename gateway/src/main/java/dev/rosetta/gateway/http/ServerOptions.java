package dev.rosetta.gateway.http;

import java.time.Duration;

/**
 * The HTTP front end's settings. Immutable.
 *
 * @param bindAddress address to listen on, e.g. {@code 0.0.0.0}
 * @param port port to listen on; 0 picks a free one
 * @param maxInitialLineBytes longest request line accepted (longer: 414)
 * @param maxHeaderBytes largest header block accepted (larger: 431)
 * @param maxBodyBytes largest request body accepted (larger: 413)
 * @param defaultTimeout deadline of a backend call without a {@code Grpc-Timeout} header; zero for none
 * @param headerRules which request headers become gRPC metadata
 * @param streams how streamed responses are framed (see {@code docs/streaming.md})
 * @param limits header count, connection count and timeouts
 * @param tls HTTPS settings; null for plain HTTP only
 * @param protocols HTTP/2 and compression
 * @param strictContentType read request bodies of JSON types only: no {@code text/plain} or form
 *     bodies read as JSON ({@link BodyTypes}; {@code --strict-content-type})
 */
public record ServerOptions(
    String bindAddress,
    int port,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    int maxBodyBytes,
    Duration defaultTimeout,
    HeaderRules headerRules,
    ConnectionLimits limits,
    TlsOptions tls,
    StreamOptions streams,
    ProtocolOptions protocols,
    boolean strictContentType) {

  /** The settings with the lenient body types (the default). */
  public ServerOptions(String bindAddress, int port, int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes,
      Duration defaultTimeout, HeaderRules headerRules, ConnectionLimits limits, TlsOptions tls, StreamOptions streams,
      ProtocolOptions protocols) {
    this(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls,
        streams, protocols, false);
  }

  /** The settings with default {@link ConnectionLimits}, no TLS, default stream settings and protocols. */
  public ServerOptions(String bindAddress, int port, int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes,
      Duration defaultTimeout, HeaderRules headerRules) {
    this(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules,
        ConnectionLimits.DEFAULTS, null, StreamOptions.DEFAULTS, ProtocolOptions.DEFAULTS);
  }

  public static ServerOptions defaults() {
    return new ServerOptions("0.0.0.0", 8080, 8192, 16384, 16 << 20, Duration.ofSeconds(30), HeaderRules.FORWARD_ALL);
  }

  public ServerOptions withStreams(StreamOptions streams) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout,
        headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withPort(int port) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withBindAddress(String bindAddress) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withMaxBodyBytes(int maxBodyBytes) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withLimits(ConnectionLimits limits) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withProtocols(ProtocolOptions protocols) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }

  public ServerOptions withStrictContentType(boolean strict) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout,
        headerRules, limits, tls, streams, protocols, strict);
  }

  public ServerOptions withTls(TlsOptions tls) {
    return new ServerOptions(bindAddress, port, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, defaultTimeout, headerRules, limits, tls, streams, protocols, strictContentType);
  }
}
