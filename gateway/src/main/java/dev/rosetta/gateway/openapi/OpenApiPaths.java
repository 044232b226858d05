package dev.rosetta.gateway.openapi;

import dev.rosetta.gateway.openapi.OpenApiOptions.PathParameters;
import dev.rosetta.gateway.route.PathTemplate;
import dev.rosetta.gateway.route.PathTemplate.Segment;
import dev.rosetta.gateway.route.PathTemplate.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A path template as an OpenAPI path: literal segments and parameters, each parameter one path
 * segment (or, for a multi-segment value, several joined by {@code /}).
 *
 * <p>{@link PathParameters#EXPANDED}: the wildcards of a variable's pattern are parameters of
 * their own, named after the collection before them, and its literals stay in the path:
 * {@code /v1/{name=shelves/*}/books/*}} is {@code /v1/shelves/{shelf}/books/{book}}, a path any
 * client reaches with ids in hand (grpc-gateway's {@code expand_slashed_path_patterns}). A {@code
 * **} stays one parameter whose value may hold {@code /}. {@link PathParameters#SINGLE}: each
 * variable is one parameter, {@code /v1/{name}}, whose value is the whole resource name.
 *
 * <p>Worked example, expanded: {@code /v1/{book=shelves/*}/books/*}/attachments/{path=**}} has
 * the parts {@code v1, shelves, {shelf}, books, {book}, attachments, {path}}; {@code shelf} and
 * {@code book} are wildcards of variable 0, {@code path} is the whole of variable 1.
 */
final class OpenApiPaths {
  private OpenApiPaths() {}

  /**
   * A path parameter.
   *
   * @param name the parameter's name
   * @param variable the index of the template variable it fills, or -1 for a wildcard outside
   *     any variable
   * @param whole it is the variable's whole value (else one wildcard of its pattern)
   * @param multiSegment its value may hold {@code /} ({@code **}, or a whole multi-segment variable)
   */
  record Param(String name, int variable, boolean whole, boolean multiSegment) {}

  /**
   * One rendered template.
   *
   * @param parts literal strings and {@link Param}s, one per path segment
   * @param verb the custom verb, or null
   */
  record Rendered(List<Object> parts, String verb) {
    /** The OpenAPI path, {@code /v1/shelves/{shelf}:move}. */
    String path() {
      StringBuilder out = new StringBuilder();
      for (Object part : parts) {
        out.append('/').append(part instanceof Param p ? "{" + p.name() + "}" : part);
      }
      if (out.length() == 0) {
        out.append('/');
      }
      return verb == null ? out.toString() : out + ":" + verb;
    }

    /** The path with every parameter name blanked: two templates of one shape are one OpenAPI path. */
    String shape() {
      return path().replaceAll("\\{[^}]*}", "{}");
    }

    List<Param> params() {
      List<Param> out = new ArrayList<>();
      for (Object part : parts) {
        if (part instanceof Param p) {
          out.add(p);
        }
      }
      return out;
    }

    /** The same shape with the parameter names of {@code other} (which must have the same shape). */
    Rendered namedAs(Rendered other) {
      List<Param> names = other.params();
      List<Object> renamed = new ArrayList<>();
      int i = 0;
      for (Object part : parts) {
        renamed.add(part instanceof Param p
            ? new Param(names.get(i++).name(), p.variable(), p.whole(), p.multiSegment()) : part);
      }
      return new Rendered(renamed, verb);
    }

    /**
     * A variable's pattern with its wildcards named as in this path, {@code
     * shelves/{shelf}/books/{book}}; for a variable that is one parameter, its pattern as written.
     */
    String pattern(PathTemplate template, int variable) {
      Variable v = template.variables().get(variable);
      StringBuilder out = new StringBuilder();
      List<Param> params = params();
      int next = 0;
      for (; next < params.size() && params.get(next).variable() != variable; next++) {
        // find the variable's first parameter
      }
      boolean whole = next < params.size() && params.get(next).whole();
      for (int j = v.start(); j < v.end(); j++) {
        Segment s = template.segments().get(j);
        out.append(j == v.start() ? "" : "/");
        out.append(s.kind() == Segment.Kind.LITERAL || whole ? s.toString() : "{" + params.get(next++).name() + "}");
      }
      return out.toString();
    }
  }

  static Rendered render(PathTemplate template, PathParameters mode) {
    List<Segment> segments = template.segments();
    List<Variable> variables = template.variables();
    List<Object> parts = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < segments.size(); ) {
      int k = variableAt(variables, i);
      if (k < 0) {
        Segment s = segments.get(i);
        parts.add(s.kind() == Segment.Kind.LITERAL ? s.literal()
            : new Param(unique("segment" + (i + 1), used), -1, false, s.kind() == Segment.Kind.MULTI_WILDCARD));
        i++;
        continue;
      }
      Variable v = variables.get(k);
      if (mode == PathParameters.SINGLE || v.end() - v.start() == 1) {
        parts.add(new Param(unique(v.fieldPathText(), used), k, true, v.multiSegment()));
      } else {
        String previous = null;
        int n = 0;
        for (int j = v.start(); j < v.end(); j++) {
          Segment s = segments.get(j);
          if (s.kind() == Segment.Kind.LITERAL) {
            parts.add(s.literal());
            previous = s.literal();
            continue;
          }
          n++;
          String name = previous == null || singular(previous).isEmpty()
              ? v.fieldPathText() + "_" + n : singular(previous);
          parts.add(new Param(unique(name, used), k, false, s.kind() == Segment.Kind.MULTI_WILDCARD));
          previous = null;
        }
      }
      i = v.end();
    }
    return new Rendered(parts, template.verb());
  }

  private static int variableAt(List<Variable> variables, int segment) {
    for (int k = 0; k < variables.size(); k++) {
      if (variables.get(k).start() <= segment && segment < variables.get(k).end()) {
        return k;
      }
    }
    return -1;
  }

  private static String unique(String name, Set<String> used) {
    String candidate = name;
    for (int n = 2; !used.add(candidate); n++) {
      candidate = name + n;
    }
    return candidate;
  }

  /**
   * The singular of a collection id, as AIP-122 names them ({@code shelves} → {@code shelf},
   * {@code libraries} → {@code library}, {@code books} → {@code book}); camelCase kept. A literal
   * that is no plain identifier gives "" (the caller then numbers the variable instead).
   */
  static String singular(String collection) {
    if (!collection.matches("[A-Za-z][A-Za-z0-9_]*")) {
      return "";
    }
    String lower = collection.toLowerCase(Locale.ROOT);
    if (lower.endsWith("ies") && collection.length() > 3) {
      return collection.substring(0, collection.length() - 3) + "y";
    }
    if (lower.endsWith("lves")) { // shelves, halves, wolves
      return collection.substring(0, collection.length() - 3) + "f";
    }
    if (lower.endsWith("sses") || lower.endsWith("xes") || lower.endsWith("ches") || lower.endsWith("shes")) {
      return collection.substring(0, collection.length() - 2);
    }
    if (lower.endsWith("s") && !lower.endsWith("ss") && collection.length() > 1) {
      return collection.substring(0, collection.length() - 1);
    }
    return collection;
  }
}
