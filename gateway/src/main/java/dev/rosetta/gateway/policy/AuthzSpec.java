package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.BackendSpec;
import java.time.Duration;

/**
 * The external authorization service ({@code envoy.service.auth.v3.Authorization/Check}):
 * {@code policies.authz}. Immutable.
 *
 * @param service where it runs; balanced per call like a backend
 * @param timeout longest a check may take
 * @param failureModeAllow let requests through when the service fails or times out (default: refuse)
 * @param statusOnError the HTTP status of that refusal (default 403, as Envoy's)
 * @param maxBodyBytes how much of the request body the check carries; 0 for none
 * @param packAsBytes send the body as {@code raw_body} bytes instead of the {@code body} string
 * @param where {@code file:line}, for errors
 */
public record AuthzSpec(BackendSpec service, Duration timeout, boolean failureModeAllow, int statusOnError,
    int maxBodyBytes, boolean packAsBytes, String where) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

  public AuthzSpec {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the authorization timeout must be positive: every remote call is bounded");
    }
    if (statusOnError < 400 || statusOnError > 599) {
      throw new IllegalArgumentException("status-on-error must be a 4xx or 5xx status, not " + statusOnError);
    }
  }
}
