package dev.rosetta.gateway.openapi;

import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3.1 description of a route table, rendered once as JSON and as YAML. Immutable;
 * built at start-up and at each reload, next to the route table it describes.
 */
public final class OpenApiDocument {
  private final byte[] json;
  private final byte[] yaml;

  private OpenApiDocument(byte[] json, byte[] yaml) {
    this.json = json;
    this.yaml = yaml;
  }

  /** Describes every route of {@code table}, titled by the services it serves, with JSON field names. */
  public static OpenApiDocument of(RouteTable table) {
    return of(table, false);
  }

  /**
   * As {@link #of(RouteTable)}; {@code protoFieldNames} names message properties by their proto
   * names, as the gateway prints them with --preserve-proto-field-names.
   */
  public static OpenApiDocument of(RouteTable table, boolean protoFieldNames) {
    Set<String> services = new LinkedHashSet<>();
    table.routes().forEach(r -> services.add(r.method().getService().getFullName()));
    String title = services.isEmpty() ? "Rosetta gateway" : String.join(", ", services);
    Map<String, Object> tree = new OpenApiGenerator(protoFieldNames).generate(table, title);
    return new OpenApiDocument(Tree.json(tree).getBytes(StandardCharsets.UTF_8),
        Tree.yaml(tree).getBytes(StandardCharsets.UTF_8));
  }

  /** UTF-8 JSON. The array is shared: do not change it. */
  public byte[] json() {
    return json;
  }

  /** UTF-8 YAML. The array is shared: do not change it. */
  public byte[] yaml() {
    return yaml;
  }
}
