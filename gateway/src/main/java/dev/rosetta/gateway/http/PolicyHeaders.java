package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.Decision;
import dev.rosetta.gateway.policy.Header;
import io.grpc.Metadata;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * What an edge-policy decision changes on the way through, applied where each change belongs:
 * the backend call's metadata (forwarded claims and the authorization service's headers in, the
 * token's header and forged claim names out; from {@link CallStart}) and the client's response
 * (the {@code RateLimit} fields, the authorization service's headers, a refusal's
 * {@code WWW-Authenticate} and {@code Retry-After}).
 *
 * <p>The values come from tokens and from an authorization service, neither of which the gateway
 * controls, so each one is checked the way a client's own header is: a name gRPC reserves or that
 * frames the message, or a value with control characters, is dropped, never forwarded. Stateless.
 */
final class PolicyHeaders {
  /**
   * Response fields a policy never sets: the gateway frames the response itself, and its body's
   * type is its own (a refusal's body type travels apart, in {@link Decision.Deny#contentType}).
   */
  private static final Set<String> FRAMING = Set.of("content-length", "content-type", "transfer-encoding",
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "host");

  private PolicyHeaders() {}

  /**
   * The metadata for the backend call of a request {@code allow}ed with changes: a copy of
   * {@code request} with {@link Decision.Allow#removeMetadata} taken out, then {@link
   * Decision.Allow#metadata} put in (replacing what is there, unless a header appends). {@code
   * request} itself when the decision changes nothing, so most calls copy nothing.
   */
  static Metadata forBackend(Metadata request, Decision.Allow allow) {
    if (allow.metadata().isEmpty() && allow.removeMetadata().isEmpty()) {
      return request;
    }
    Metadata out = new Metadata();
    out.merge(request);
    for (String name : allow.removeMetadata()) {
      if (MetadataMapper.mayCarry(name)) {
        out.discardAll(MetadataMapper.key(name));
      }
    }
    for (Header header : allow.metadata()) {
      if (!MetadataMapper.mayCarry(header.name())) {
        continue;
      }
      if (!header.append()) {
        out.discardAll(MetadataMapper.key(header.name()));
      }
      MetadataMapper.put(out, header.name(), header.value());
    }
    return out;
  }

  /** Adds {@code headers} to a response: {@link Header#append} adds a line, otherwise it replaces. */
  static void addTo(HttpHeaders response, List<Header> headers) {
    for (Header header : headers) {
      if (FRAMING.contains(header.name()) || !isToken(header.name()) || !isFieldValue(header.value())) {
        continue;
      }
      if (header.append()) {
        response.add(header.name(), header.value());
      } else {
        response.set(header.name(), header.value());
      }
    }
  }

  /** RFC 9110 section 5.6.2: a field name is a token. */
  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Visible ASCII, spaces and tabs: no CR, LF or NUL that could split or end the head. */
  static boolean isFieldValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }
}
