package dev.rosetta.gateway.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
    forEach(rawQuery, (start, nameEnd, end) -> {
      if (!named(names, rawQuery.substring(start, nameEnd))) {
        if (!kept.isEmpty()) {
          kept.append('&');
        }
        kept.append(rawQuery, start, end);
      }
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
    forEach(uri.substring(question + 1), (start, nameEnd, end) -> {
      int offset = question + 1;
      if (nameEnd < end && named(names, uri.substring(offset + start, offset + nameEnd))) {
        out.append(uri, written[0], offset + nameEnd + 1).append(REDACTED);
        written[0] = offset + end;
      }
    });
    return out.append(uri, written[0], uri.length()).toString();
  }

  /** One {@code name[=value]} pair: its start, where its name ends, and its end. */
  private interface Pair {
    void accept(int start, int nameEnd, int end);
  }

  private static void forEach(String query, Pair pair) {
    int start = 0;
    while (start < query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int eq = query.indexOf('=', start);
      int nameEnd = eq < 0 || eq > end ? end : eq;
      if (end > start) {
        pair.accept(start, nameEnd, end);
      }
      start = end + 1;
    }
  }

  private static boolean named(List<String> names, String rawName) {
    String name = decode(rawName);
    return name != null && names.contains(name);
  }

  /** The form-decoded name; null when it does not decode (it then matches no name). */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
