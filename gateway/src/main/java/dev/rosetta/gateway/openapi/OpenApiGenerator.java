package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.rosetta.gateway.openapi.OpenApiOptions.PathParameters;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds an OpenAPI 3.1 document from a route table, the descriptors behind it and {@link
 * OpenApiOptions}: the document's frame (info, servers, security, tags, components) here, paths
 * in {@link OpenApiPaths}, operations in {@link Operations}, schemas in {@link Schemas}.
 *
 * <p>Routes whose OpenAPI paths have the same shape share one path item (the first one's
 * parameter names), so no two paths differ only in parameter names. A {@code custom} rule whose
 * method OpenAPI 3.1 has no field for (such as {@code SEARCH}) is left out, and so is its path
 * when nothing else uses it: a path item is only made for an operation. With {@link
 * PathParameters#SINGLE}, a route whose path would take an operation another route already has
 * there ({@code GET /v1/{name}} for shelves and for books) is expanded instead.
 */
final class OpenApiGenerator {
  private static final Set<String> OPENAPI_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "options", "head", "trace");
  private static final String STATUS = "google.rpc.Status";

  private final OpenApiOptions options;
  private final boolean protoFieldNames;
  private final boolean enumsAsInts;
  private final ProtoComments comments = new ProtoComments();
  private final RouteSecurity routeSecurity;

  OpenApiGenerator(OpenApiOptions options, boolean protoFieldNames, boolean enumsAsInts, RouteSecurity routeSecurity) {
    this.options = options;
    this.routeSecurity = routeSecurity;
    this.protoFieldNames = protoFieldNames;
    this.enumsAsInts = enumsAsInts;
  }

  Map<String, Object> generate(RouteTable table) {
    List<Descriptor> roots = new ArrayList<>();
    Set<ServiceDescriptor> services = new LinkedHashSet<>();
    for (Route route : table.routes()) {
      roots.add(route.method().getInputType());
      roots.add(route.method().getOutputType());
      services.add(route.method().getService());
    }
    roots.add(com.google.rpc.Status.getDescriptor());
    Schemas schemas = new Schemas(comments, new ComponentNames(roots, options.schemaNames()), protoFieldNames,
        enumsAsInts);
    Operations operations = new Operations(schemas, comments, options.decodeEncodedSlashes());
    OperationSecurity security = new OperationSecurity(options, routeSecurity);

    Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
    Map<String, OpenApiPaths.Rendered> byShape = new HashMap<>();
    Set<String> operationIds = new HashSet<>();
    Set<String> usedTags = new LinkedHashSet<>();
    for (Route route : table.routes()) {
      String verb = route.httpMethod().toLowerCase(Locale.ROOT);
      if (!OPENAPI_METHODS.contains(verb)) {
        continue; // custom kinds have no place in an OpenAPI 3.1 path item
      }
      OpenApiPaths.Rendered rendered = place(route, options.pathParameters(), byShape, paths, verb);
      if (rendered == null && options.pathParameters() == PathParameters.SINGLE) {
        rendered = place(route, PathParameters.EXPANDED, byShape, paths, verb);
      }
      if (rendered == null) {
        continue; // an ambiguous route: the table serves the first one declared on this path
      }
      String tag = route.method().getService().getName();
      usedTags.add(tag);
      Map<String, Object> op = operations.operation(route, rendered, uniqueId(route, operationIds), tag);
      security.apply(route, op);
      paths.computeIfAbsent(rendered.path(), p -> new LinkedHashMap<>()).put(verb, op);
    }

    Map<String, Object> statusSchema = schemas.message(com.google.rpc.Status.getDescriptor());
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("schemas", schemas.components());
    components.put("responses", ErrorResponses.components(statusSchema));
    if (!options.securitySchemes().isEmpty()) {
      components.put("securitySchemes", OperationSecurity.schemes(options.securitySchemes()));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put("info", info(services));
    document.put("servers", servers());
    if (!options.security().isEmpty()) {
      document.put("security", OperationSecurity.requirement(options.security()));
    }
    document.put("tags", tags(services, usedTags));
    document.put("paths", paths);
    document.put("components", components);
    return document;
  }

  /**
   * Renders {@code route} in {@code mode} and returns the rendering, or null when its path item
   * already has an operation for {@code verb}.
   */
  private static OpenApiPaths.Rendered place(Route route, PathParameters mode,
      Map<String, OpenApiPaths.Rendered> byShape, Map<String, Map<String, Object>> paths, String verb) {
    OpenApiPaths.Rendered own = OpenApiPaths.render(route.template(), mode);
    OpenApiPaths.Rendered first = byShape.putIfAbsent(own.shape(), own);
    OpenApiPaths.Rendered rendered = first == null ? own : own.namedAs(first);
    Map<String, Object> item = paths.get(rendered.path());
    return item != null && item.containsKey(verb) ? null : rendered;
  }

  private Map<String, Object> info(Set<ServiceDescriptor> services) {
    OpenApiOptions.Info info = options.info();
    List<String> names = new ArrayList<>();
    services.forEach(s -> names.add(s.getFullName()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("title", info.title() != null ? info.title() : names.isEmpty() ? "Rosetta gateway" : String.join(", ", names));
    out.put("version", info.version() != null ? info.version() : "1");
    out.put("description", Descriptions.safe(info.description() != null ? info.description()
        : "Generated by Rosetta from the gRPC descriptors and their google.api.http rules."));
    Map<String, Object> contact = new LinkedHashMap<>();
    putIfSet(contact, "name", info.contactName());
    putIfSet(contact, "url", info.contactUrl());
    putIfSet(contact, "email", info.contactEmail());
    if (!contact.isEmpty()) {
      out.put("contact", contact);
    }
    if (info.licenseName() != null) {
      Map<String, Object> license = obj("name", info.licenseName());
      putIfSet(license, "identifier", info.licenseIdentifier());
      putIfSet(license, "url", info.licenseIdentifier() == null ? info.licenseUrl() : null);
      out.put("license", license);
    }
    return out;
  }

  private List<Object> servers() {
    List<Object> out = new ArrayList<>();
    for (String url : options.servers()) {
      out.add(obj("url", url));
    }
    if (out.isEmpty()) {
      // A relative URL is resolved against where the document was fetched: the gateway itself.
      out.add(obj("url", "/", "description", "The gateway that serves this document"));
    }
    return out;
  }

  private List<Object> tags(Set<ServiceDescriptor> services, Set<String> used) {
    Map<String, Map<String, Object>> tags = new LinkedHashMap<>();
    for (ServiceDescriptor service : services) {
      if (used.contains(service.getName())) {
        Map<String, Object> tag = obj("name", service.getName());
        String description = comments.of(service);
        tag.put("description", description.isEmpty() ? "The gRPC service " + service.getFullName() + "." : description);
        tags.putIfAbsent(service.getName(), tag);
      }
    }
    for (OpenApiOptions.Tag configured : options.tags()) {
      Map<String, Object> tag = tags.computeIfAbsent(configured.name(), n -> obj("name", n));
      putIfSet(tag, "description", configured.description() == null ? null : Descriptions.safe(configured.description()));
    }
    return new ArrayList<>(tags.values());
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }

  private static String uniqueId(Route route, Set<String> taken) {
    String base = route.method().getService().getName() + "_" + route.method().getName();
    String id = base;
    for (int n = 2; !taken.add(id); n++) {
      id = base + "_" + n;
    }
    return id;
  }
}
