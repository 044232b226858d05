package dev.rosetta.gateway.route;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.List;

/**
 * One HTTP binding of a gRPC method: a {@code google.api.http} rule, or one of its {@code
 * additional_bindings}. Immutable; built once with the route table.
 *
 * @param httpMethod {@code GET}, {@code POST}, ... or the {@code kind} of a {@code custom} rule
 * @param template the parsed path template
 * @param method the gRPC method the route calls
 * @param body {@code ""} (no body), {@code "*"} (the whole request message) or a field name
 * @param bodyField the top-level request field named by {@code body}; null for {@code ""} and {@code "*"}
 * @param responseBodyField the response field named by {@code response_body}; null when absent
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
    FieldDescriptor bodyField,
    FieldDescriptor responseBodyField,
    List<List<FieldDescriptor>> pathFields,
    String source) {

  public Route {
    pathFields = List.copyOf(pathFields);
  }

  /** {@code GET /v1/{name=shelves/*}}: how the route reads in logs and errors. */
  @Override
  public String toString() {
    return httpMethod + " " + template;
  }
}
