package dev.rosetta.gateway.openapi;

import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of a route table, rendered once as JSON and as YAML. Immutable;
 * built at start-up and at each reload, next to the route table it describes, and by {@code
 * rosetta openapi} from the same settings, so both give the same bytes.
 */
public final class OpenApiDocument {
  private final byte[] json;
  private final byte[] yaml;

  private OpenApiDocument(byte[] json, byte[] yaml) {
    this.json = json;
    this.yaml = yaml;
  }

  /** Describes every route of {@code table} with the default options and JSON printing. */
  public static OpenApiDocument of(RouteTable table) {
    return of(table, OpenApiOptions.DEFAULTS, CodecOptions.DEFAULTS);
  }

  /**
   * Describes every route of {@code table}. {@code codec} says how the gateway prints JSON:
   * properties by their proto names with --preserve-proto-field-names, enums as numbers with
   * --enums-as-ints.
   */
  public static OpenApiDocument of(RouteTable table, OpenApiOptions options, CodecOptions codec) {
    return of(table, options, codec, RouteSecurity.NONE);
  }

  /**
   * As {@link #of(RouteTable, OpenApiOptions, CodecOptions)}, with the security of each route's
   * operation from {@code security} where it decides it (the gateway's JWT policies).
   */
  public static OpenApiDocument of(RouteTable table, OpenApiOptions options, CodecOptions codec,
      RouteSecurity security) {
    Map<String, Object> tree = new OpenApiGenerator(options, codec.preserveProtoFieldNames(), codec.enumsAsInts(),
        security).generate(table);
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
