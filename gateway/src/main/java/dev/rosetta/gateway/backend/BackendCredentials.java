package dev.rosetta.gateway.backend;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;

/** The channel credentials of a backend: plaintext, or TLS with optional CA file and client certificate. */
final class BackendCredentials {
  private BackendCredentials() {}

  static ChannelCredentials of(BackendSpec.Tls tls) {
    if (tls == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    try {
      if (tls.caFile() != null) {
        builder.trustManager(tls.caFile().toFile());
      }
      if (tls.certFile() != null) {
        builder.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read TLS files " + tls + ": " + e.getMessage(), e);
    }
    return builder.build();
  }
}
