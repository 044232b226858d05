package dev.rosetta.gateway.openapi;

/**
 * Descriptions that code generators can copy into comments. openapi-generator writes a
 * description verbatim into JSDoc ({@code typescript-fetch}) and escapes it only partly into
 * Javadoc, so a {@code *}{@code /} in it (a resource pattern such as {@code shelves/*}{@code
 * /books/*}) ends the comment and the rest becomes code that does not compile, and {@code <!--}
 * hides the rest of a generated HTML or Markdown page. Both get a zero-width space between their
 * characters: the text reads and renders the same, in Swagger UI's Markdown and in code spans
 * too, but no longer closes or opens a comment.
 */
final class Descriptions {
  /** U+200B ZERO WIDTH SPACE. */
  private static final String BREAK = "\u200B";

  private Descriptions() {}

  static String safe(String text) {
    if (text.indexOf('*') < 0 && text.indexOf('<') < 0) {
      return text;
    }
    return text.replace("*/", "*" + BREAK + "/").replace("/*", "/" + BREAK + "*").replace("<!--", "<" + BREAK + "!--");
  }
}
