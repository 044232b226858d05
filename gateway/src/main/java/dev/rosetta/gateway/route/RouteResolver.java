package dev.rosetta.gateway.route;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code google.api.http} rules of a registry into resolved, validated {@link Route}s.
 * Every problem is a {@link RouteException} whose one-line message reads {@code <source>: <kind>
 * <template>: <problem>}. Stateless.
 */
final class RouteResolver {
  private RouteResolver() {}

  /** The routes of every annotated method, in declaration order, additional bindings after their rule. */
  static List<Route> resolve(DescriptorRegistry registry) throws RouteException {
    List<Route> routes = new ArrayList<>();
    for (ServiceDescriptor service : registry.services().values()) {
      for (MethodDescriptor method : service.getMethods()) {
        if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
          continue; // no rule, no route
        }
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        routes.add(route(method, rule, method.getFullName()));
        // http.proto: additional_bindings nest only one level; theirs are ignored.
        List<HttpRule> additional = rule.getAdditionalBindingsList();
        for (int i = 0; i < additional.size(); i++) {
          routes.add(route(method, additional.get(i), method.getFullName() + " additional_bindings[" + i + "]"));
        }
      }
    }
    return routes;
  }

  /**
   * Like {@link #resolve}, but goes on past a bad rule: every rule that resolves is returned and
   * every one that does not adds its message to {@code problems} (for {@code rosetta lint}).
   */
  static List<Route> resolveAll(DescriptorRegistry registry, List<String> problems) {
    List<Route> routes = new ArrayList<>();
    for (ServiceDescriptor service : registry.services().values()) {
      for (MethodDescriptor method : service.getMethods()) {
        if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(rule.getAdditionalBindingsList());
        for (int i = 0; i < rules.size(); i++) {
          String source = method.getFullName() + (i == 0 ? "" : " additional_bindings[" + (i - 1) + "]");
          try {
            routes.add(route(method, rules.get(i), source));
          } catch (RouteException e) {
            problems.add(e.getMessage());
          }
        }
      }
    }
    return routes;
  }

  private static Route route(MethodDescriptor method, HttpRule rule, String source) throws RouteException {
    String httpMethod;
    String path;
    switch (rule.getPatternCase()) {
      case GET -> { httpMethod = "GET"; path = rule.getGet(); }
      case PUT -> { httpMethod = "PUT"; path = rule.getPut(); }
      case POST -> { httpMethod = "POST"; path = rule.getPost(); }
      case DELETE -> { httpMethod = "DELETE"; path = rule.getDelete(); }
      case PATCH -> { httpMethod = "PATCH"; path = rule.getPatch(); }
      case CUSTOM -> { httpMethod = rule.getCustom().getKind(); path = rule.getCustom().getPath(); }
      default -> throw new RouteException(
          source + ": the http rule has no pattern (one of get, put, post, delete, patch, custom)");
    }
    if (!isToken(httpMethod)) {
      throw new RouteException(source + ": custom kind '" + httpMethod + "' of " + path
          + " is not an HTTP method token (RFC 9110)");
    }
    String where = source + ": " + httpMethod + " " + path + ": ";
    PathTemplate template;
    try {
      template = PathTemplate.parse(path);
    } catch (IllegalArgumentException e) {
      throw new RouteException(where + e.getMessage());
    }
    Descriptor request = method.getInputType();
    List<List<FieldDescriptor>> pathFields = new ArrayList<>();
    for (PathTemplate.Variable variable : template.variables()) {
      pathFields.add(fieldPath(request, variable, where));
    }
    String body = rule.getBody();
    if (body.isEmpty() && method.isClientStreaming()) {
      // The messages of a client stream can only come from the body: grpc-gateway decodes each
      // one as the whole request message whatever the rule says, and so does the gateway.
      body = "*";
    }
    List<FieldDescriptor> bodyPath = body.isEmpty() || body.equals("*") ? List.of()
        : fieldChain(request, body, where + "body '" + body + "': ", "body is '', '*' or a request field");
    String responseBody = rule.getResponseBody();
    List<FieldDescriptor> responseBodyPath = responseBody.isEmpty() ? List.of()
        : fieldChain(method.getOutputType(), responseBody, where + "response_body '" + responseBody + "': ",
            "response_body is a response field");
    return new Route(httpMethod, template, method, body, bodyPath, responseBodyPath, pathFields, source);
  }

  /**
   * Resolves {@code body} or {@code response_body}: a field, or a dotted path of singular message
   * fields down to one. http.proto asks for a top-level field; Envoy's transcoder also takes a
   * nested path ({@code book.author_info}), and so does the gateway.
   */
  private static List<FieldDescriptor> fieldChain(Descriptor type, String path, String prefix, String hint)
      throws RouteException {
    List<FieldDescriptor> chain = new ArrayList<>();
    Descriptor message = type;
    String[] names = path.split("\\.", -1);
    for (int i = 0; i < names.length; i++) {
      FieldDescriptor field = message.findFieldByName(names[i]);
      if (field == null) {
        throw new RouteException(prefix + message.getFullName() + " has no field '" + names[i] + "' (" + hint + ")");
      }
      boolean last = i == names.length - 1;
      if (!last && (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE)) {
        throw new RouteException(prefix + "field '" + field.getName() + "' of " + message.getFullName()
            + " is " + (field.isRepeated() ? "repeated" : "not a message")
            + "; every field of the path but the last must be a singular message");
      }
      chain.add(field);
      message = last ? null : field.getMessageType();
    }
    return List.copyOf(chain);
  }

  /**
   * Resolves a variable's field path by proto field names: singular message fields down to a
   * non-message leaf, since a path segment carries scalar text. The leaf may be repeated: an
   * extension of http.proto (which forbids it) that grpc-gateway has, and APIs written for it use;
   * the binder splits the value on commas.
   */
  private static List<FieldDescriptor> fieldPath(Descriptor request, PathTemplate.Variable variable, String where)
      throws RouteException {
    String prefix = where + "variable {" + variable.fieldPathText() + "}: ";
    List<FieldDescriptor> fields = new ArrayList<>();
    Descriptor message = request;
    List<String> names = variable.fieldPath();
    for (int i = 0; i < names.size(); i++) {
      FieldDescriptor field = message.findFieldByName(names.get(i));
      if (field == null) {
        throw new RouteException(prefix + message.getFullName() + " has no field '" + names.get(i) + "'");
      }
      String of = "field '" + field.getName() + "' of " + message.getFullName();
      boolean leaf = i == names.size() - 1;
      boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      if (field.isMapField() || (field.isRepeated() && (!leaf || isMessage))) {
        throw new RouteException(prefix + of + " is " + (field.isMapField() ? "a map" : "repeated")
            + (leaf ? "; a path variable binds one value, or a comma-separated list of scalars"
                : "; only the last field of a path variable may be repeated"));
      }
      if (leaf && isMessage) {
        throw new RouteException(prefix + of + " is a message (" + field.getMessageType().getFullName()
            + "); a path variable binds a string, number, bool, enum or bytes field");
      }
      if (!leaf && !isMessage) {
        throw new RouteException(prefix + of + " is not a message, so has no field '" + names.get(i + 1) + "'");
      }
      fields.add(field);
      message = isMessage ? field.getMessageType() : null;
    }
    return List.copyOf(fields);
  }

  /** RFC 9110 token: 1*tchar. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
