package dev.rosetta.gateway.route;

import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code google.api.http} path template, such as {@code /v1/{name=shelves/*}:publish}.
 * Immutable and thread safe. Parse with {@link #parse}; the grammar is in {@link
 * PathTemplateParser}.
 *
 * <p>Worked example: {@code /v1/{name=shelves/*}/books/{id}:publish} has the segments {@code
 * [v1, shelves, *, books, *]}, the verb {@code publish} and two variables: {@code name} over
 * segments [1, 3) and {@code id} over [4, 5).
 */
public final class PathTemplate {

  /** One template segment: a literal (held percent-decoded), {@code *} or {@code **}. */
  public record Segment(Kind kind, String literal) {
    public enum Kind {
      LITERAL,
      /** {@code *}: exactly one non-empty path segment. */
      SINGLE_WILDCARD,
      /**
       * {@code **}: zero or more path segments when it is the last segment, one or more when
       * literal segments follow it (at most one per template).
       */
      MULTI_WILDCARD
    }

    static final Segment SINGLE = new Segment(Kind.SINGLE_WILDCARD, null);
    static final Segment MULTI = new Segment(Kind.MULTI_WILDCARD, null);

    // equals and hashCode written out: a record's generated ones link an invokedynamic call site
    // at their first use, which the route table's build makes during start-up (about 9 ms of the
    // main thread's path to the listener on two cores; issue 16).
    @Override
    public boolean equals(Object o) {
      return o instanceof Segment other && kind == other.kind && Objects.equals(literal, other.literal);
    }

    @Override
    public int hashCode() {
      return 31 * kind.hashCode() + Objects.hashCode(literal);
    }

    /** {@code *}, {@code **} or the (decoded) literal. */
    @Override
    public String toString() {
      return switch (kind) {
        case LITERAL -> literal;
        case SINGLE_WILDCARD -> "*";
        case MULTI_WILDCARD -> "**";
      };
    }
  }

  /**
   * A variable: the request field it binds and the segments it captures.
   *
   * @param fieldPath the field names from the request message to the leaf, e.g. {@code [book, name]}
   * @param start the index of the first segment the variable covers
   * @param end the index after the last segment the variable covers (exclusive)
   * @param wildcardPath whether the variable contains {@code **}, so captures as many path
   *     segments as the {@code **} matched: to the end of the path (before the verb), or up to
   *     the literal segments that follow it
   */
  public record Variable(List<String> fieldPath, int start, int end, boolean wildcardPath) {
    public Variable {
      fieldPath = List.copyOf(fieldPath);
    }

    /**
     * Whether the variable may capture more than one segment: http.proto then keeps {@code %2F}
     * encoded in the value.
     */
    public boolean multiSegment() {
      return wildcardPath || end - start > 1;
    }

    /** {@code book.name}. */
    public String fieldPathText() {
      return String.join(".", fieldPath);
    }
  }

  private final String text;
  private final List<Segment> segments;
  private final String verb;
  private final List<Variable> variables;
  /** Computed once: the matcher asks for it on every match of a route with variables. */
  private final int wildcardPathIndex;

  PathTemplate(String text, List<Segment> segments, String verb, List<Variable> variables) {
    this.text = text;
    this.segments = List.copyOf(segments);
    this.verb = verb;
    this.variables = List.copyOf(variables);
    this.wildcardPathIndex = this.segments.indexOf(Segment.MULTI);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what was expected where, e.g. <code>expected '&#125;'
   *     at offset 19 in /v1/{name=shelves/*</code>
   */
  public static PathTemplate parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("path template is null");
    }
    return new PathTemplateParser(text).template();
  }

  /** The segments, variables replaced by their patterns ({@code {x}} by {@code *}); empty for {@code /}. */
  public List<Segment> segments() {
    return segments;
  }

  /** The index of the {@code **} segment, or -1 when there is none. */
  public int wildcardPathIndex() {
    return wildcardPathIndex;
  }

  /** The verb without its {@code ':'} (percent-decoded), or null when there is none. */
  public String verb() {
    return verb;
  }

  /** The variables in template order. */
  public List<Variable> variables() {
    return variables;
  }

  /** The original template text. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathTemplate other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
