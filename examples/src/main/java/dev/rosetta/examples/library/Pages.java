package dev.rosetta.examples.library;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Paging (AIP-158) over a list sorted by a unique key. The page token is opaque to clients:
 * base64url of the last key returned, so a page stays correct when items are added or removed
 * before it, which an offset would not.
 */
final class Pages {
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 100;
  private static final String PREFIX = "after:";

  private Pages() {}

  record Page<T>(List<T> items, String nextPageToken) {}

  /** Rejects what no page size can mean; 0 picks the default and large sizes are capped. */
  static void checkPageSize(Errors.Violations violations, String field, int pageSize) {
    if (pageSize < 0) {
      violations.add(field, "must not be negative, got " + pageSize);
    }
  }

  static <T> Page<T> page(List<T> sorted, Function<T, String> key, int pageSize, String token) {
    int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    String after = token.isEmpty() ? null : decode(token);
    int from = 0;
    if (after != null) {
      while (from < sorted.size() && key.apply(sorted.get(from)).compareTo(after) <= 0) {
        from++;
      }
    }
    int to = Math.min(from + size, sorted.size());
    List<T> items = List.copyOf(sorted.subList(from, to));
    String next = to < sorted.size() ? encode(key.apply(sorted.get(to - 1))) : "";
    return new Page<>(items, next);
  }

  private static String encode(String lastKey) {
    byte[] bytes = (PREFIX + lastKey).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String decode(String token) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    if (!decoded.startsWith(PREFIX)) {
      throw Errors.badRequest("page_token", "not a page token returned by this server");
    }
    return decoded.substring(PREFIX.length());
  }
}
