package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.route.PathTemplate;
import dev.rosetta.gateway.route.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One route as an OpenAPI operation: its path and query parameters, request body and responses,
 * as the gateway really takes and sends them.
 *
 * <ul>
 *   <li>Path parameters as {@link OpenApiPaths} renders them; the fields they bind are left out
 *       of the body schema (the path wins over the body, so a client need not send them twice).
 *   <li>Query parameters: the request's fields neither the path nor the body binds, nested
 *       messages as {@code parent.child} (two levels, or deeper where the path binds a sibling).
 *   <li>Bodies: {@code application/json}; {@code google.api.HttpBody} as raw bytes of any type;
 *       a client stream as a JSON array or NDJSON of its messages.
 *   <li>Responses: JSON, or for {@code HttpBody} raw bytes of any type; a server stream in each
 *       framing the gateway serves by {@code Accept} (a JSON array first: what it sends by
 *       default), and the errors of {@link ErrorResponses}.
 * </ul>
 */
final class Operations {
  private static final String HTTP_BODY = "google.api.HttpBody";
  private static final int QUERY_DEPTH = 2;

  private final Schemas schemas;
  private final ProtoComments comments;
  private final boolean decodeEncodedSlashes;

  Operations(Schemas schemas, ProtoComments comments, boolean decodeEncodedSlashes) {
    this.schemas = schemas;
    this.comments = comments;
    this.decodeEncodedSlashes = decodeEncodedSlashes;
  }

  Map<String, Object> operation(Route route, OpenApiPaths.Rendered path, String id, String tag) {
    MethodDescriptor method = route.method();
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", id);
    op.put("tags", List.of(tag));
    op.put("summary", method.getService().getFullName() + "/" + method.getName());
    String description = comments.of(method);
    if (!description.isEmpty()) {
      op.put("description", description);
    }
    if (method.getOptions().getDeprecated() || method.getService().getOptions().getDeprecated()) {
      op.put("deprecated", true);
    }
    Descriptor request = method.getInputType();
    Set<String> pathBound = new LinkedHashSet<>();
    for (List<FieldDescriptor> chain : route.pathFields()) {
      pathBound.add(dotted(chain));
    }
    List<Object> parameters = pathParameters(route, path);
    List<FieldDescriptor> body = fieldChain(request, route.body());
    if (!route.body().equals("*")) {
      Set<String> excluded = new LinkedHashSet<>(pathBound);
      if (body != null) {
        excluded.add(dotted(body));
      }
      for (FieldDescriptor field : request.getFields()) {
        addQuery(parameters, field, "", "", excluded, 1);
      }
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (!route.body().isEmpty()) {
      op.put("requestBody", requestBody(route, body, pathBound));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put("200", success(route));
    ErrorResponses.addTo(responses);
    op.put("responses", responses);
    return op;
  }

  private List<Object> pathParameters(Route route, OpenApiPaths.Rendered path) {
    PathTemplate template = route.template();
    List<Object> parameters = new ArrayList<>();
    for (OpenApiPaths.Param p : path.params()) {
      Map<String, Object> parameter = obj("name", p.name(), "in", "path", "required", true);
      Map<String, Object> schema;
      String text;
      if (p.variable() < 0) {
        schema = obj("type", "string");
        text = "Any path segment; the gateway binds it to no field.";
      } else {
        List<FieldDescriptor> chain = route.pathFields().get(p.variable());
        FieldDescriptor leaf = chain.get(chain.size() - 1);
        String field = template.variables().get(p.variable()).fieldPathText();
        String pattern = path.pattern(template, p.variable());
        if (p.whole() && !p.multiSegment()) {
          // A repeated field takes a comma-separated list: OpenAPI's default path style, "simple".
          schema = leaf.isRepeated() ? obj("type", "array", "items", schemas.singular(leaf)) : schemas.singular(leaf);
          String own = comments.of(leaf);
          text = own.isEmpty() ? "The `" + field + "` field." : own;
        } else if (p.whole()) {
          schema = obj("type", "string", "pattern", regex(template, p.variable()));
          text = "The `" + field + "` field, `" + pattern + "`: its `/` are part of the value. " + slashAdvice();
          parameter.put("x-rosetta-pattern", pattern);
        } else if (p.multiSegment()) {
          schema = obj("type", "string");
          text = "The `{" + p.name() + "}` part of the `" + field + "` field, `" + pattern
              + "`: one or more segments. " + slashAdvice();
          parameter.put("x-rosetta-pattern", pattern);
        } else {
          schema = obj("type", "string", "pattern", "^[^/]+$");
          text = "The `{" + p.name() + "}` part of the `" + field + "` field, `" + pattern + "`.";
          parameter.put("x-rosetta-pattern", pattern);
        }
      }
      parameter.put("description", Descriptions.safe(text));
      parameter.put("schema", schema);
      parameters.add(parameter);
    }
    return parameters;
  }

  private String slashAdvice() {
    return decodeEncodedSlashes
        ? "A `/` may be sent as is or percent-encoded (`%2F`): the gateway decodes `%2F`."
        : "Send each `/` as is: the gateway keeps `%2F` as it is (http.proto), so a client that percent-encodes "
            + "path parameters (generated clients do) needs the gateway's `--decode-encoded-slashes`.";
  }

  /** The regular expression a whole multi-segment variable's value matches. */
  private static String regex(PathTemplate template, int variable) {
    PathTemplate.Variable v = template.variables().get(variable);
    StringBuilder out = new StringBuilder("^");
    for (int j = v.start(); j < v.end(); j++) {
      PathTemplate.Segment s = template.segments().get(j);
      out.append(j == v.start() ? "" : "/");
      out.append(switch (s.kind()) {
        case LITERAL -> s.literal().replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
        case SINGLE_WILDCARD -> "[^/]+";
        case MULTI_WILDCARD -> ".*";
      });
    }
    return out.append('$').toString();
  }

  /**
   * @param prefix the proto path of the field's parent, with a trailing dot ({@code author.})
   * @param printedPrefix the same as the gateway prints names ({@code author.} or {@code authorInfo.})
   */
  private void addQuery(List<Object> parameters, FieldDescriptor field, String prefix, String printedPrefix,
      Set<String> excluded, int depth) {
    String path = prefix + field.getName();
    String printed = printedPrefix + schemas.propertyName(field);
    if (excluded.contains(path) || field.isMapField()) {
      return;
    }
    boolean partlyBound = excluded.stream().anyMatch(e -> e.startsWith(path + "."));
    Map<String, Object> single = schemas.singular(field);
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && single.containsKey("$ref")) {
      if (field.isRepeated() || (depth >= QUERY_DEPTH && !partlyBound)) {
        return; // a repeated message cannot be spelled in a query string
      }
      for (FieldDescriptor nested : field.getMessageType().getFields()) {
        addQuery(parameters, nested, path + ".", printed + ".", excluded, depth + 1);
      }
      return;
    }
    if ("object".equals(single.get("type")) || "array".equals(single.get("type"))) {
      return; // Struct, ListValue, Any, Empty: no query string form
    }
    Map<String, Object> parameter = obj("name", printed, "in", "query");
    String description = comments.of(field);
    if (!description.isEmpty()) {
      parameter.put("description", description);
    }
    if (field.getOptions().getDeprecated()) {
      parameter.put("deprecated", true);
    }
    parameter.put("schema", field.isRepeated() ? obj("type", "array", "items", single) : single);
    parameters.add(parameter);
  }

  private Map<String, Object> requestBody(Route route, List<FieldDescriptor> body, Set<String> pathBound) {
    MethodDescriptor method = route.method();
    Descriptor request = method.getInputType();
    Map<String, Object> content;
    Descriptor bodyType = body == null ? request
        : body.get(body.size() - 1).getJavaType() == FieldDescriptor.JavaType.MESSAGE
            ? body.get(body.size() - 1).getMessageType() : null;
    if (bodyType != null && bodyType.getFullName().equals(HTTP_BODY) && !lastIsRepeated(body)) {
      content = obj("*/*", obj("schema", obj("type", "string", "format", "binary")));
    } else {
      Map<String, Object> schema;
      String name = method.getService().getName() + method.getName() + "Body";
      if (body == null) {
        schema = schemas.messageWithout(request, pathBound, name);
      } else {
        FieldDescriptor last = body.get(body.size() - 1);
        String prefix = dotted(body) + ".";
        Set<String> under = new LinkedHashSet<>();
        for (String bound : pathBound) {
          if (bound.startsWith(prefix)) {
            under.add(bound.substring(prefix.length()));
          }
        }
        schema = bodyType != null && !last.isRepeated() && !last.isMapField()
            ? schemas.messageWithout(bodyType, under, name) : schemas.field(last);
      }
      if (method.isClientStreaming()) {
        content = obj(
            "application/json", obj("schema", obj("type", "array", "items", schema,
                "description", "The stream's messages, all at once or as they come")),
            "application/x-ndjson", obj("schema", schema));
      } else {
        content = obj("application/json", obj("schema", schema));
      }
    }
    Map<String, Object> requestBody = obj("required", true, "content", content);
    if (method.isClientStreaming()) {
      requestBody.put("description", "A client stream: a JSON array of messages, or NDJSON (one message a line, "
          + "Content-Type: application/x-ndjson).");
    }
    return requestBody;
  }

  private Map<String, Object> success(Route route) {
    MethodDescriptor method = route.method();
    FieldDescriptor responseField = route.responseBodyField();
    Descriptor output = method.getOutputType();
    if (responseField == null && output.getFullName().equals(HTTP_BODY)) {
      return obj("description", method.isServerStreaming()
              ? "The bytes of the stream's messages, of the first one's content type"
              : "The response's bytes, of its content type",
          "content", obj("*/*", obj("schema", obj("type", "string", "format", "binary"))));
    }
    Map<String, Object> schema = responseField == null ? schemas.message(output) : schemas.field(responseField);
    if (!method.isServerStreaming()) {
      return obj("description", "OK", "content", obj("application/json", obj("schema", schema)));
    }
    return obj("description", "A server stream, in the framing the Accept header asks for: a JSON array "
            + "(application/json, the default), NDJSON (application/x-ndjson, one message a line) or Server-Sent "
            + "Events (text/event-stream, one `data:` event a message). An error after the first message ends "
            + "the stream with {\"error\": google.rpc.Status} as its last element (an `event: error` in SSE).",
        "content", obj(
            "application/json", obj("schema", obj("type", "array", "items", schema)),
            "application/x-ndjson", obj("schema", schema),
            "text/event-stream", obj("schema", obj("type", "string",
                "description", "`data:` lines, each one message as JSON"))));
  }

  private static boolean lastIsRepeated(List<FieldDescriptor> chain) {
    return chain != null && chain.get(chain.size() - 1).isRepeated();
  }

  /** The fields a dotted body path names, from {@code message}; null for {@code ""} and {@code *}. */
  static List<FieldDescriptor> fieldChain(Descriptor message, String dotted) {
    if (dotted.isEmpty() || dotted.equals("*")) {
      return null;
    }
    List<FieldDescriptor> chain = new ArrayList<>();
    Descriptor current = message;
    for (String name : dotted.split("\\.")) {
      FieldDescriptor field = current == null ? null : current.findFieldByName(name);
      if (field == null) {
        return null; // the route table would have refused it
      }
      chain.add(field);
      current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return chain;
  }

  static String dotted(List<FieldDescriptor> chain) {
    StringBuilder out = new StringBuilder();
    for (FieldDescriptor f : chain) {
      out.append(out.length() == 0 ? "" : ".").append(f.getName());
    }
    return out.toString();
  }
}
