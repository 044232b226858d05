package dev.rosetta.gateway.route;

import dev.rosetta.gateway.route.PathTemplate.Segment;
import dev.rosetta.gateway.route.PathTemplate.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one path template by the grammar of google/api/http.proto:
 *
 * <pre>
 * Template = "/" Segments [ Verb ] ;
 * Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;
 * Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * FieldPath = IDENT { "." IDENT } ;
 * Verb     = ":" LITERAL ;
 * </pre>
 *
 * with the rules http.proto states in prose: {@code {x}} means {@code {x=*}}; variables do not
 * nest. The lexical rules, which http.proto leaves open, are: IDENT = {@code [A-Za-z_][A-Za-z0-9_]*};
 * LITERAL = one or more RFC 3986 {@code pchar} other than {@code ':'} (it starts the verb) and
 * {@code '*'} (a wildcard), with percent-escapes decoded. A field path may be bound only once.
 *
 * <p>Two extensions that Envoy's transcoder (grpc-httpjson-transcoding's {@code http_template})
 * accepts and descriptor sets written for it use: {@code **} may come before the last segment
 * when only LITERALs follow it ({@code /a/{x=**}/c}, {@code /v1/**}{@code /items:verb}), one
 * {@code **} per template; and the root template {@code /}, with no segment at all.
 * Single use; not thread safe.
 */
final class PathTemplateParser {
  private final String text;
  private int pos;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Variable> variables = new ArrayList<>();
  private boolean multiWildcardSeen;

  PathTemplateParser(String text) {
    this.text = text;
  }

  /** Template = "/" Segments [ Verb ] ; or the root template "/". */
  PathTemplate template() {
    expect('/');
    if (pos == text.length()) {
      return new PathTemplate(text, segments, null, variables); // "/": the root, no segments
    }
    segments(false);
    String verb = null;
    if (peek() == ':') {
      verb = verb();
      if (pos != text.length()) {
        throw expected("end of template");
      }
    } else if (pos != text.length()) {
      throw expected("'/', ':' or end of template");
    }
    return new PathTemplate(text, segments, verb, variables);
  }

  /** Segments = Segment { "/" Segment } ; */
  private void segments(boolean inVariable) {
    segment(inVariable);
    while (peek() == '/') {
      pos++;
      segment(inVariable);
    }
  }

  /** Segment = "*" | "**" | LITERAL | Variable ; */
  private void segment(boolean inVariable) {
    char c = peek();
    if (multiWildcardSeen && !isLiteralChar(c) && !(c == '{' && !inVariable)) {
      throw afterWildcardPath();
    }
    if (c == '*') {
      pos++;
      if (peek() == '*') {
        pos++;
        segments.add(Segment.MULTI);
        multiWildcardSeen = true;
      } else {
        segments.add(Segment.SINGLE);
      }
    } else if (c == '{' && !inVariable) {
      variable();
    } else if (isLiteralChar(c)) {
      segments.add(new Segment(Segment.Kind.LITERAL, literal()));
    } else if (inVariable) {
      throw expected(c == '{' ? "'*', '**' or LITERAL (variables do not nest)" : "'*', '**' or LITERAL");
    } else {
      throw expected("'*', '**', LITERAL or '{'");
    }
  }

  /** Variable = "{" FieldPath [ "=" Segments ] "}" ; */
  private void variable() {
    int open = pos;
    expect('{');
    List<String> fieldPath = fieldPath();
    int start = segments.size();
    if (peek() == '=') {
      pos++;
      segments(true);
    } else if (multiWildcardSeen) {
      pos = open;
      throw afterWildcardPath(); // {x} is {x=*}
    } else {
      segments.add(Segment.SINGLE); // {x} is {x=*}
    }
    expect('}');
    for (Variable v : variables) {
      if (v.fieldPath().equals(fieldPath)) {
        throw new IllegalArgumentException(
            "field path '" + String.join(".", fieldPath) + "' bound twice, again at offset " + open
                + " in " + text);
      }
    }
    boolean wildcardPath = segments.subList(start, segments.size()).contains(Segment.MULTI);
    variables.add(new Variable(fieldPath, start, segments.size(), wildcardPath));
  }

  /** FieldPath = IDENT { "." IDENT } ; */
  private List<String> fieldPath() {
    List<String> names = new ArrayList<>();
    names.add(ident());
    while (peek() == '.') {
      pos++;
      names.add(ident());
    }
    return names;
  }

  /** Verb = ":" LITERAL ; */
  private String verb() {
    expect(':');
    if (!isLiteralChar(peek())) {
      throw expected("LITERAL");
    }
    return literal();
  }

  private String ident() {
    int start = pos;
    char c = peek();
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      throw expected("IDENT");
    }
    do {
      pos++;
      c = peek();
    } while (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    return text.substring(start, pos);
  }

  private String literal() {
    int start = pos;
    while (isLiteralChar(peek())) {
      if (peek() == '%') {
        if (pos + 2 >= text.length()
            || PercentEncoding.hex(text.charAt(pos + 1)) < 0
            || PercentEncoding.hex(text.charAt(pos + 2)) < 0) {
          throw expected("two hex digits after '%'");
        }
        pos += 2;
      }
      pos++;
    }
    return PercentEncoding.decode(text, start, pos, false);
  }

  /** RFC 3986 pchar = unreserved / pct-encoded / sub-delims / ":" / "@", less ':' and '*'. */
  private static boolean isLiteralChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()+,;=@%".indexOf(c) >= 0;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw expected("'" + c + "'");
    }
    pos++;
  }

  /** The current character, or NUL at the end (NUL is no valid template character). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  /**
   * grpc-httpjson-transcoding: "only constant path segments are allowed after '**'", so that the
   * matcher knows how many segments the '**' took from the number of those after it.
   */
  private IllegalArgumentException afterWildcardPath() {
    return expected("LITERAL (only literal segments may follow '**')");
  }

  private IllegalArgumentException expected(String what) {
    return new IllegalArgumentException("expected " + what + " at offset " + pos + " in " + text);
  }
}
