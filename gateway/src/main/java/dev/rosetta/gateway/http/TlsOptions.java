package dev.rosetta.gateway.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS on the front end (see docs/security.md). Immutable.
 *
 * @param certificate PEM certificate chain, leaf first
 * @param privateKey PEM private key (PKCS#8, unencrypted) of the leaf certificate
 * @param clientCa PEM CA certificates that client certificates must chain to; null to ask for none
 * @param httpsPort port of a separate HTTPS listener next to the plain HTTP one; -1 to serve HTTPS
 *     on the main port instead of HTTP
 * @param reloadInterval how often the files are checked for changes; zero to never reload
 */
public record TlsOptions(Path certificate, Path privateKey, Path clientCa, int httpsPort, Duration reloadInterval) {
  public TlsOptions {
    if (certificate == null || privateKey == null) {
      throw new IllegalArgumentException("TLS needs both a certificate and a private key");
    }
  }

  /** True when HTTPS has its own listener and the main port stays plain HTTP. */
  public boolean separateListener() {
    return httpsPort >= 0;
  }
}
