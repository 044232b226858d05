package dev.rosetta.gateway.route;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.List;

/**
 * One HTTP binding of a gRPC method: a {@code google.api.http} rule, one of its {@code
 * additional_bindings}, or (with auto routes) the {@code POST /package.Service/Method} of a method
 * without a rule. Immutable; built once with the route table.
 *
 * @param httpMethod {@code GET}, {@code POST}, ... or the {@code kind} of a {@code custom} rule
 * @param template the parsed path template
 * @param method the gRPC method the route calls
 * @param body {@code ""} (no body), {@code "*"} (the whole request message) or a field path
 * @param bodyPath the request fields {@code body} names, from the top-level field down to the one
 *     the body holds ({@code [book]}, or {@code [book, author_info]} for the nested path Envoy
 *     accepts); empty for {@code ""} and {@code "*"}
 * @param responseBodyPath the response fields {@code response_body} names, likewise; empty when absent
 * @param pathFields the request fields the template's variables bind, in template order, each
 *     as the chain of fields from the request message down to the leaf ({@code book.name})
 * @param source where the rule comes from, for messages: {@code pkg.Service.Method} plus
 *     {@code additional_bindings[i]} when it is one
 */
public record Route(
    String httpMethod,
    PathTemplate template,
    MethodDescriptor method,
    String body,
    List<FieldDescriptor> bodyPath,
    List<FieldDescriptor> responseBodyPath,
    List<List<FieldDescriptor>> pathFields,
    String source) {

  /** The end of an auto route's {@link #source} ({@code --auto-routes}: Envoy's {@code auto_mapping}). */
  public static final String AUTO_ROUTE = " (auto route)";

  public Route {
    bodyPath = List.copyOf(bodyPath);
    responseBodyPath = List.copyOf(responseBodyPath);
    pathFields = List.copyOf(pathFields);
  }

  /** A route whose body and response_body name top-level fields (or nothing: null). */
  public Route(String httpMethod, PathTemplate template, MethodDescriptor method, String body,
      FieldDescriptor bodyField, FieldDescriptor responseBodyField, List<List<FieldDescriptor>> pathFields,
      String source) {
    this(httpMethod, template, method, body, bodyField == null ? List.of() : List.of(bodyField),
        responseBodyField == null ? List.of() : List.of(responseBodyField), pathFields, source);
  }

  /** Whether the route is an auto route ({@code POST /package.Service/Method} of a method without a rule). */
  public boolean isAutoRoute() {
    return source.endsWith(AUTO_ROUTE);
  }

  /** The field the body holds (the last of {@link #bodyPath}); null for {@code ""} and {@code "*"}. */
  public FieldDescriptor bodyField() {
    return bodyPath.isEmpty() ? null : bodyPath.get(bodyPath.size() - 1);
  }

  /** The response field that is the response (the last of {@link #responseBodyPath}); null when absent. */
  public FieldDescriptor responseBodyField() {
    return responseBodyPath.isEmpty() ? null : responseBodyPath.get(responseBodyPath.size() - 1);
  }

  /** {@code response_body} as written in the rule ({@code book.author_info}); empty when absent. */
  public String responseBody() {
    StringBuilder text = new StringBuilder();
    for (FieldDescriptor field : responseBodyPath) {
      text.append(text.length() == 0 ? "" : ".").append(field.getName());
    }
    return text.toString();
  }

  /** {@code GET /v1/{name=shelves/*}}: how the route reads in logs and errors. */
  @Override
  public String toString() {
    return httpMethod + " " + template;
  }
}
