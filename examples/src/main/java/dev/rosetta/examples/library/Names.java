package dev.rosetta.examples.library;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource names of the library (AIP-122): {@code shelves/{shelf_id}} and
 * {@code shelves/{shelf_id}/books/{book_id}}. Ids are lower-case letters, digits and inner
 * hyphens, at most 63 characters, so they survive a URL path segment unescaped.
 */
final class Names {
  private static final String ID = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  private static final Pattern ID_PATTERN = Pattern.compile(ID);
  private static final Pattern SHELF = Pattern.compile("shelves/(" + ID + ")");
  private static final Pattern BOOK = Pattern.compile("shelves/(" + ID + ")/books/(" + ID + ")");
  private static final String ID_RULE =
      "expected 1-63 lower-case letters, digits or inner hyphens";

  private Names() {}

  record BookName(String shelfId, String bookId) {
    String shelf() {
      return shelfName(shelfId);
    }

    @Override
    public String toString() {
      return shelf() + "/books/" + bookId;
    }
  }

  static String shelfName(String shelfId) {
    return "shelves/" + shelfId;
  }

  /** The shelf id in {@code name}, or INVALID_ARGUMENT naming {@code field}. */
  static String parseShelf(String field, String name) {
    Matcher m = SHELF.matcher(name);
    if (!m.matches()) {
      throw Errors.badRequest(field, describe(name) + ": expected shelves/{shelf_id}");
    }
    return m.group(1);
  }

  static BookName parseBook(String field, String name) {
    Matcher m = BOOK.matcher(name);
    if (!m.matches()) {
      throw Errors.badRequest(field,
          describe(name) + ": expected shelves/{shelf_id}/books/{book_id}");
    }
    return new BookName(m.group(1), m.group(2));
  }

  static boolean isValidId(String id) {
    return ID_PATTERN.matcher(id).matches();
  }

  static String idRule() {
    return ID_RULE;
  }

  /**
   * A URL-friendly id from a title: "The Left Hand of Darkness" becomes
   * {@code the-left-hand-of-darkness}. Accents are dropped rather than percent-encoded, so the
   * id stays readable in a curl command. Empty when the title has no letter or digit.
   */
  static String slug(String title) {
    String plain = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String slug = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = trimHyphens(slug);
    return slug.length() <= 63 ? slug : trimHyphens(slug.substring(0, 63));
  }

  private static String trimHyphens(String s) {
    return s.replaceAll("^-+|-+$", "");
  }

  private static String describe(String name) {
    return name.isEmpty() ? "missing" : "\"" + name + "\"";
  }
}
