package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.status.GatewayError;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the stages of one request's chain learn and add as it runs: the verified claims (a
 * rate limit or the authorization call after the JWT check may use them), and the parts of the
 * final {@link Decision}. Made per request for routes that have policies; touched only on the
 * request's event loop, so not synchronized. The collections are made on first use.
 */
final class PolicyContext {
  final PolicyRequest request;
  final EventExecutor loop;
  /** The verified token's claims; null until (and unless) the JWT stage accepted one. */
  Map<String, Object> claims;
  private List<Header> metadata;
  private Set<String> removeMetadata;
  private List<String> dropQueryParameters;
  private List<Header> responseHeaders;
  private Map<String, String> annotations;

  PolicyContext(PolicyRequest request, EventExecutor loop) {
    this.request = request;
    this.loop = loop;
  }

  void addMetadata(Header header) {
    if (metadata == null) {
      metadata = new ArrayList<>(4);
    }
    metadata.add(header);
  }

  void removeMetadata(String lowerCaseName) {
    if (removeMetadata == null) {
      removeMetadata = new HashSet<>(4);
    }
    removeMetadata.add(lowerCaseName);
  }

  void dropQueryParameter(String name) {
    if (dropQueryParameters == null) {
      dropQueryParameters = new ArrayList<>(1);
    }
    dropQueryParameters.add(name);
  }

  void addResponseHeader(Header header) {
    if (responseHeaders == null) {
      responseHeaders = new ArrayList<>(4);
    }
    responseHeaders.add(header);
  }

  void annotate(String key, String value) {
    if (annotations == null) {
      annotations = new HashMap<>(4);
    }
    annotations.put(key, value);
  }

  /** The request goes on, with everything the stages added. */
  Decision.Allow allow() {
    if (metadata == null && removeMetadata == null && dropQueryParameters == null && responseHeaders == null
        && annotations == null) {
      return Decision.Allow.NOTHING;
    }
    return new Decision.Allow(orEmpty(metadata), removeMetadata == null ? Set.of() : removeMetadata,
        orEmpty(dropQueryParameters), orEmpty(responseHeaders), annotations == null ? Map.of() : annotations);
  }

  /**
   * The request is refused by {@code policy}: the response headers stages added so far (the
   * rate limit's, say) go with the refusal's own.
   */
  Decision.Deny deny(String policy, GatewayError error, List<Header> headers) {
    return deny(policy, error, headers, null, null);
  }

  Decision.Deny deny(String policy, GatewayError error, List<Header> headers, byte[] body, String contentType) {
    List<Header> all = new ArrayList<>(headers);
    if (responseHeaders != null) {
      all.addAll(responseHeaders);
    }
    Map<String, String> notes = annotations == null ? new HashMap<>(2) : new HashMap<>(annotations);
    notes.put("policy", policy);
    return new Decision.Deny(policy, error, all, body, contentType, notes);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
