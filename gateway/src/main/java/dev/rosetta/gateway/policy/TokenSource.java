package dev.rosetta.gateway.policy;

import java.util.Locale;

/**
 * Where a provider's token is looked for. Immutable.
 *
 * @param kind header, query parameter or cookie
 * @param name the header (lower case), parameter or cookie name
 * @param prefix for headers, the text before the token, e.g. {@code "Bearer "} (matched without
 *     regard to case, RFC 6750 section 2.1); empty for none
 */
public record TokenSource(Kind kind, String name, String prefix) {
  /** Where the token travels. */
  public enum Kind { HEADER, QUERY, COOKIE }

  /** {@code Authorization: Bearer <token>} (RFC 6750 section 2.1): the default. */
  public static final TokenSource BEARER = new TokenSource(Kind.HEADER, "authorization", "Bearer ");

  public TokenSource {
    name = kind == Kind.HEADER ? name.toLowerCase(Locale.ROOT) : name;
    prefix = prefix == null ? "" : prefix;
  }

  /** The token in this request, without the prefix; null when not there. */
  String find(PolicyRequest request) {
    String value = switch (kind) {
      case HEADER -> request.header(name);
      case QUERY -> request.queryParameter(name);
      case COOKIE -> request.cookie(name);
    };
    if (value == null) {
      return null;
    }
    if (!prefix.isEmpty()) {
      if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return null;
      }
      value = value.substring(prefix.length());
    }
    value = value.trim();
    return value.isEmpty() ? null : value;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " " + name;
  }
}
