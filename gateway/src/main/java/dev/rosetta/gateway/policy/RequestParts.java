package dev.rosetta.gateway.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Finds one query parameter or cookie by name without splitting the whole query or header into
 * a map: policies ask for one name per request (a token's parameter, a cookie), so a scan that
 * allocates only the answer is the cheap way. The front end edits a query with the same scan and
 * the same decoding ({@code http.QueryParameters}), so the parameter it leaves out of the message
 * and the log is exactly the one a policy read the token from. Stateless.
 */
public final class RequestParts {
  private RequestParts() {}

  /** One {@code name[=value]} pair of a raw query: where it starts, where its name ends, where it ends. */
  @FunctionalInterface
  public interface Pair {
    /** @return false to stop the scan */
    boolean accept(int start, int nameEnd, int end);
  }

  /** Calls {@code pair} for each non-empty {@code name[=value]} of a raw query, in order, while it returns true. */
  public static void forEachPair(String query, Pair pair) {
    int start = 0;
    while (start < query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int eq = query.indexOf('=', start);
      int nameEnd = eq < 0 || eq > end ? end : eq;
      if (end > start && !pair.accept(start, nameEnd, end)) {
        return;
      }
      start = end + 1;
    }
  }

  /**
   * The first value of {@code name} in a raw {@code application/x-www-form-urlencoded} query;
   * null when absent or when its value is not decodable (a token that does not decode is no
   * token: the policy then reports it missing rather than guessing).
   */
  static String queryParameter(String query, String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    String[] found = new String[1];
    forEachPair(query, (start, nameEnd, end) -> {
      if (nameEnd > start && name.equals(decode(query.substring(start, nameEnd)))) {
        found[0] = nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end));
        return false;
      }
      return true;
    });
    return found[0];
  }

  /** The value of cookie {@code name} in a {@code Cookie} header: {@code a=1; b=2}. */
  static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    int start = 0;
    while (start < header.length()) {
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = header.length();
      }
      int eq = header.indexOf('=', start);
      if (eq > 0 && eq < end && header.substring(start, eq).trim().equals(name)) {
        String value = header.substring(eq + 1, end).trim();
        // RFC 6265 section 4.1.1: a cookie value may be wrapped in double quotes.
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
      start = end + 1;
    }
    return null;
  }

  /** A form-decoded name or value ({@code +} is a space); null when it does not decode. */
  public static String decode(String raw) {
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
