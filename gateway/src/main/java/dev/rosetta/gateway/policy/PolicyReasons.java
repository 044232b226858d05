package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import java.util.List;

/**
 * Every reason tag a policy rejection carries, in one place (Envoy's response-code-details
 * habit): the access log's reason field, and part of the one bounded label set of the rejection
 * counter, {@code http.Reasons.ALL}, which takes {@link #ALL} in (this package may not depend on
 * the front end's, so the tags are declared here, beside the policies that give them). A message
 * for the client goes with each; none echoes the token or a claim value.
 */
public final class PolicyReasons {
  /** The local token bucket of a rate limit is empty: 429. */
  public static final String RATE_LIMITED = "rate_limited";
  /** The global rate-limit service answered OVER_LIMIT: 429. */
  public static final String GLOBAL_RATE_LIMITED = "global_rate_limited";
  /** The global rate-limit service failed or timed out, and failure-mode-allow is off: 503. */
  public static final String RATE_LIMIT_SERVICE_FAILED = "rate_limit_service_failed";
  /** No token where the route's providers look for one, and the route requires one: 401. */
  public static final String JWT_MISSING = "jwt_missing";
  /** Not a signed JWT (three base64url parts, JSON header and claims): 401. */
  public static final String JWT_MALFORMED = "jwt_malformed";
  /** Signed with an algorithm the provider does not accept (never {@code none} nor HMAC): 401. */
  public static final String JWT_ALGORITHM = "jwt_unsupported_algorithm";
  /** {@code iss} names none of the route's providers: 401. */
  public static final String JWT_ISSUER = "jwt_wrong_issuer";
  /** No key of the issuer's JWKS matches the token's {@code kid}, even after a refetch: 401. */
  public static final String JWT_UNKNOWN_KEY = "jwt_unknown_key";
  /** The signature does not verify with the issuer's key: 401. */
  public static final String JWT_SIGNATURE = "jwt_bad_signature";
  /** {@code exp} is past (beyond the clock skew): 401. */
  public static final String JWT_EXPIRED = "jwt_expired";
  /** {@code nbf} is ahead (beyond the clock skew): 401. */
  public static final String JWT_NOT_YET_VALID = "jwt_not_yet_valid";
  /** {@code aud} names none of the provider's audiences: 401. */
  public static final String JWT_AUDIENCE = "jwt_wrong_audience";
  /** The issuer's keys could not be fetched at all yet: 503 (the gateway's fault, not the token's). */
  public static final String JWKS_UNAVAILABLE = "jwks_unavailable";
  /** The authorization service denied the request: its status (403 unless it says otherwise). */
  public static final String AUTHZ_DENIED = "authz_denied";
  /** The authorization service failed or timed out, and failure-mode-allow is off: status-on-error (403). */
  public static final String AUTHZ_FAILED = "authz_failed";

  /** A policy failed in a way nobody planned for (a bug): 500, and a warning in the log. */
  public static final String POLICY_FAILED = "policy_failed";

  /** Every tag, for counters that declare their label values up front. */
  public static final List<String> ALL = List.of(RATE_LIMITED, GLOBAL_RATE_LIMITED, RATE_LIMIT_SERVICE_FAILED,
      JWT_MISSING, JWT_MALFORMED, JWT_ALGORITHM, JWT_ISSUER, JWT_UNKNOWN_KEY, JWT_SIGNATURE, JWT_EXPIRED,
      JWT_NOT_YET_VALID, JWT_AUDIENCE, JWKS_UNAVAILABLE, AUTHZ_DENIED, AUTHZ_FAILED, POLICY_FAILED);

  private PolicyReasons() {}

  static GatewayError tooManyRequests(String reason, String message) {
    return new GatewayError(429, Status.Code.RESOURCE_EXHAUSTED, message, reason);
  }

  static GatewayError unauthenticated(String reason, String message) {
    return new GatewayError(401, Status.Code.UNAUTHENTICATED, message, reason);
  }

  static GatewayError unavailable(String reason, String message) {
    return new GatewayError(503, Status.Code.UNAVAILABLE, message, reason);
  }

  /** An error with an HTTP status chosen by someone else (the authorization service, a setting). */
  static GatewayError withHttpStatus(int httpStatus, String reason, String message) {
    return new GatewayError(httpStatus, codeFor(httpStatus), message, reason);
  }

  /**
   * The google.rpc.Status code for an HTTP status an authorization service picked: the inverse
   * of the standard table where it is one-to-one, else the nearest meaning by class.
   */
  static Status.Code codeFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> Status.Code.INVALID_ARGUMENT;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 404 -> Status.Code.NOT_FOUND;
      case 409 -> Status.Code.ABORTED;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 501 -> Status.Code.UNIMPLEMENTED;
      case 503 -> Status.Code.UNAVAILABLE;
      case 504 -> Status.Code.DEADLINE_EXCEEDED;
      default -> httpStatus >= 500 ? Status.Code.INTERNAL : Status.Code.PERMISSION_DENIED;
    };
  }
}
