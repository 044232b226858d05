package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.RequestParts;
import java.util.List;

/**
 * Edits of a raw query string ({@code application/x-www-form-urlencoded}, still percent-encoded)
 * that the edge policies ask for: a parameter that carried a token is left out of the request
 * message, and its value out of the access log. A parameter is named as the policies read it,
 * form-decoded ({@code access%5Ftoken} is {@code access_token}); one whose name does not decode
 * names nothing and is kept as it is. Stateless.
 */
final class QueryParameters {
  /** What the access log shows in place of a secret value. */
  static final String REDACTED = "REDACTED";

  private QueryParameters() {}

  /** {@code rawQuery} without every occurrence of {@code names}; null when nothing is left (or there was none). */
  static String without(String rawQuery, List<String> names) {
    if (rawQuery == null || names.isEmpty()) {
      return rawQuery;
    }
    StringBuilder kept = new StringBuilder(rawQuery.length());
    RequestParts.forEachPair(rawQuery, (start, nameEnd, end) -> {
      if (!named(names, rawQuery.substring(start, nameEnd))) {
        if (!kept.isEmpty()) {
          kept.append('&');
        }
        kept.append(rawQuery, start, end);
      }
      return true;
    });
    return kept.isEmpty() ? null : kept.toString();
  }

  /** {@code uri} (path and query) with the values of {@code names} replaced by {@link #REDACTED}. */
  static String redacted(String uri, List<String> names) {
    int question = uri.indexOf('?');
    if (question < 0 || names.isEmpty()) {
      return uri;
    }
    StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, question + 1);
    int[] written = {question + 1};
    RequestParts.forEachPair(uri.substring(question + 1), (start, nameEnd, end) -> {
      int offset = question + 1;
      if (nameEnd < end && named(names, uri.substring(offset + start, offset + nameEnd))) {
        out.append(uri, written[0], offset + nameEnd + 1).append(REDACTED);
        written[0] = offset + end;
      }
      return true;
    });
    return out.append(uri, written[0], uri.length()).toString();
  }

  private static boolean named(List<String> names, String rawName) {
    String name = RequestParts.decode(rawName); // the policies' own decoding: the same parameter they read
    return name != null && names.contains(name);
  }
}
