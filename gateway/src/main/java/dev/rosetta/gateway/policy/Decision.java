package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.status.GatewayError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the policy chain decided for one request: go on to the backend, with what to add, or
 * answer the client now. Immutable.
 *
 * <p>{@code annotations} are what the access log, the metrics and the trace span should record
 * about the decision (a bounded set of keys: {@code policy}, {@code jwt.provider},
 * {@code jwt.subject}, {@code rate_limit}, {@code authz}); never a token.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

  Map<String, String> annotations();

  /** Response headers for the client whatever the outcome ({@code RateLimit}, ext_authz's). */
  List<Header> responseHeaders();

  /**
   * Go on to the backend.
   *
   * @param metadata added to the backend call (forwarded claims, ext_authz headers); a header
   *     that does not {@link Header#append} replaces what the client sent under that name
   * @param removeMetadata lower-case names to drop from the backend call before {@code metadata}
   *     is added: the token's own header unless the provider forwards it, every forwarded-claim
   *     name (so a client cannot send them itself), ext_authz's {@code headers_to_remove}
   * @param dropQueryParameters query parameters that carried a token: not bound into the request
   *     message
   * @param responseHeaders added to the response the client gets
   */
  record Allow(List<Header> metadata, Set<String> removeMetadata, List<String> dropQueryParameters,
      List<Header> responseHeaders, Map<String, String> annotations) implements Decision {
    /** Nothing to add: the answer for routes without policies, allocated once. */
    public static final Allow NOTHING = new Allow(List.of(), Set.of(), List.of(), List.of(), Map.of());

    public Allow {
      metadata = List.copyOf(metadata);
      removeMetadata = Set.copyOf(removeMetadata);
      dropQueryParameters = List.copyOf(dropQueryParameters);
      responseHeaders = List.copyOf(responseHeaders);
      annotations = Map.copyOf(annotations);
    }
  }

  /**
   * Answer the client now, without calling the backend.
   *
   * @param policy which policy refused: {@code rate_limit}, {@code jwt}, {@code ext_authz},
   *     {@code global_rate_limit}
   * @param error the HTTP status, the google.rpc.Status code and message for the JSON body, and
   *     the bounded reason tag ({@link PolicyReasons}) for metrics and the access log
   * @param responseHeaders {@code WWW-Authenticate}, {@code Retry-After}, {@code RateLimit-*},
   *     ext_authz's headers
   * @param body the body to send instead of the JSON google.rpc.Status: only the authorization
   *     service's own denial body; null otherwise
   * @param contentType the content type of {@code body}; null with it
   */
  record Deny(String policy, GatewayError error, List<Header> responseHeaders, byte[] body, String contentType,
      Map<String, String> annotations) implements Decision {
    public Deny {
      responseHeaders = List.copyOf(responseHeaders);
      annotations = Map.copyOf(annotations);
    }

    public static Deny of(String policy, GatewayError error, List<Header> responseHeaders) {
      return new Deny(policy, error, responseHeaders, null, null, Map.of("policy", policy));
    }

    /** The reason tag, as metrics label it. */
    public String reason() {
      return error.reason();
    }
  }
}
