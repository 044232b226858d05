package dev.rosetta.gateway.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a provider's public keys (a JWK Set, RFC 7517 section 5) come from and how they are kept
 * fresh. Exactly one of {@code url} and {@code file}. Immutable.
 *
 * @param url an {@code https} URL (plain {@code http} only for loopback addresses)
 * @param file a local JWKS file, read again when it changes
 * @param caFile PEM certificates to trust for {@code url}; null for the JVM's trust store
 * @param refreshInterval how often the keys are fetched (or the file checked) again
 * @param fetchTimeout longest a fetch may take, connection included
 * @param minRefetchInterval a token naming an unknown {@code kid} triggers a fetch at most this
 *     often (a key rotated in at the issuer is picked up; a flood of made-up kids is not a flood
 *     of fetches)
 */
public record JwksSpec(URI url, Path file, Path caFile, Duration refreshInterval, Duration fetchTimeout,
    Duration minRefetchInterval) {

  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MIN_REFETCH = Duration.ofSeconds(10);

  public JwksSpec {
    for (Duration d : new Duration[] {refreshInterval, fetchTimeout}) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("refresh-interval and fetch-timeout must be positive: every fetch is bounded");
      }
    }
    if ((url == null) == (file == null)) {
      throw new IllegalArgumentException("a JWKS comes from a url or a file, exactly one of them");
    }
    if (url != null && !"https".equalsIgnoreCase(url.getScheme()) && !isLoopbackHttp(url)) {
      throw new IllegalArgumentException("'" + url + "': keys are fetched over https (http only from a loopback address)");
    }
  }

  private static boolean isLoopbackHttp(URI url) {
    String host = url.getHost();
    return "http".equalsIgnoreCase(url.getScheme()) && host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  @Override
  public String toString() {
    return url != null ? url.toString() : file.toString();
  }
}
