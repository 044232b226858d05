package dev.rosetta.gateway.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the OpenAPI document says beyond the routes: servers, info, security, tags and naming,
 * from the {@code openapi:} section of the configuration file and the {@code --openapi-*} flags.
 * Immutable; {@link #DEFAULTS} is what a gateway started without any of them describes.
 *
 * @param servers server URLs; none gives one relative server {@code /}, the gateway that serves
 *     the document
 * @param info title, version, description, contact and license; null parts are derived (the
 *     title from the services) or left out
 * @param securitySchemes security schemes by name
 * @param security the schemes every operation accepts (any one of them), unless {@code
 *     operationSecurity} says otherwise
 * @param operationSecurity selector → schemes for the operations it selects; a selector is a full
 *     method name ({@code pkg.Service.Method}), a full service name or a package pattern ({@code
 *     pkg.*}), the most specific one wins; an empty list means no authentication
 * @param tags descriptions (and extra tags) for the tags, one per service by default
 * @param schemaNames how message schemas are named in {@code components/schemas}
 * @param pathParameters how a variable that spans several segments becomes path parameters
 * @param decodeEncodedSlashes the gateway reads {@code %2F} in a path as {@code /}: generated
 *     clients percent-encode path parameters, so without it they cannot send a {@code /} in the
 *     value of a multi-segment variable ({@code {path=**}}); the document describes such
 *     parameters accordingly
 */
public record OpenApiOptions(
    List<String> servers,
    Info info,
    Map<String, SecurityScheme> securitySchemes,
    List<String> security,
    Map<String, List<String>> operationSecurity,
    List<Tag> tags,
    SchemaNames schemaNames,
    PathParameters pathParameters,
    boolean decodeEncodedSlashes) {

  public static final OpenApiOptions DEFAULTS = new OpenApiOptions(List.of(), Info.NONE, Map.of(), List.of(),
      Map.of(), List.of(), SchemaNames.SHORT, PathParameters.EXPANDED, false);

  public OpenApiOptions {
    servers = List.copyOf(servers);
    info = info == null ? Info.NONE : info;
    securitySchemes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(securitySchemes));
    security = List.copyOf(security);
    operationSecurity = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(operationSecurity));
    tags = List.copyOf(tags);
    for (String name : security) {
      requireScheme(securitySchemes, name, "security");
    }
    for (Map.Entry<String, List<String>> e : operationSecurity.entrySet()) {
      for (String name : e.getValue()) {
        requireScheme(securitySchemes, name, "operation-security " + e.getKey());
      }
    }
  }

  private static void requireScheme(Map<String, SecurityScheme> schemes, String name, String where) {
    if (!schemes.containsKey(name)) {
      throw new IllegalArgumentException(where + " names the security scheme '" + name
          + "', which is not defined; defined: " + schemes.keySet());
    }
  }

  /**
   * The document's {@code info}. Null members are left out (the title and version have
   * defaults: the services' names and {@code "1"}).
   */
  public record Info(String title, String version, String description, String contactName, String contactUrl,
      String contactEmail, String licenseName, String licenseUrl, String licenseIdentifier) {
    public static final Info NONE = new Info(null, null, null, null, null, null, null, null, null);

    public Info withTitle(String value) {
      return new Info(value, version, description, contactName, contactUrl, contactEmail, licenseName, licenseUrl,
          licenseIdentifier);
    }

    public Info withVersion(String value) {
      return new Info(title, value, description, contactName, contactUrl, contactEmail, licenseName, licenseUrl,
          licenseIdentifier);
    }
  }

  /**
   * An OpenAPI security scheme. {@code type} is {@code http} (with {@code scheme} {@code bearer}
   * or {@code basic}), {@code apiKey} (with {@code in} and {@code name}) or {@code openIdConnect}
   * (with {@code openIdConnectUrl}). Unused members are null.
   */
  public record SecurityScheme(String type, String scheme, String bearerFormat, String in, String name,
      String openIdConnectUrl, String description) {
    public SecurityScheme {
      switch (type) {
        case "http" -> require(scheme != null, "an http scheme needs 'scheme' (bearer or basic)");
        case "apiKey" -> require(name != null && ("header".equals(in) || "query".equals(in) || "cookie".equals(in)),
            "an apiKey scheme needs 'name' and 'in' (header, query or cookie)");
        case "openIdConnect" -> require(openIdConnectUrl != null, "an openIdConnect scheme needs 'open-id-connect-url'");
        default -> throw new IllegalArgumentException(
            "'" + type + "' is not a security scheme type: use http, apiKey or openIdConnect");
      }
    }

    /**
     * The schemes the {@code --openapi-auth} flag names: {@code bearer}, {@code basic}, {@code
     * header:NAME}, {@code query:NAME}.
     */
    public static SecurityScheme parse(String text) {
      String t = text.trim();
      if (t.equals("bearer")) {
        return new SecurityScheme("http", "bearer", null, null, null, null, null);
      }
      if (t.equals("basic")) {
        return new SecurityScheme("http", "basic", null, null, null, null, null);
      }
      int colon = t.indexOf(':');
      if (colon > 0 && colon < t.length() - 1 && (t.startsWith("header:") || t.startsWith("query:"))) {
        return new SecurityScheme("apiKey", null, null, t.substring(0, colon), t.substring(colon + 1), null, null);
      }
      throw new IllegalArgumentException("'" + text + "' is not an authentication scheme: use bearer, basic, "
          + "header:NAME or query:NAME");
    }

    private static void require(boolean ok, String problem) {
      if (!ok) {
        throw new IllegalArgumentException(problem);
      }
    }
  }

  /** A tag: by default one per service, named after it, described by its comment. */
  public record Tag(String name, String description) {}

  /** {@code components/schemas} names. */
  public enum SchemaNames {
    /** {@code Book}, and the full name only for messages whose short names clash. */
    SHORT,
    /** {@code rosetta.examples.library.v1.Book} for every message. */
    FULL;

    public static SchemaNames parse(String text) {
      return parseEnum(SchemaNames.class, text, "short or full");
    }
  }

  /** How a variable such as {@code {name=shelves/*}/books/*}} becomes path parameters. */
  public enum PathParameters {
    /**
     * One parameter per wildcard, named after the collection before it: {@code
     * /v1/shelves/{shelf}/books/{book}} (grpc-gateway's {@code expand_slashed_path_patterns}).
     */
    EXPANDED,
    /** One parameter per variable, its value holding {@code /}: {@code /v1/{name}}. */
    SINGLE;

    public static PathParameters parse(String text) {
      return parseEnum(PathParameters.class, text, "expanded or single");
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String expected) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not one of " + expected);
    }
  }

  public OpenApiOptions withServers(List<String> value) {
    return new OpenApiOptions(value, info, securitySchemes, security, operationSecurity, tags, schemaNames,
        pathParameters, decodeEncodedSlashes);
  }

  public OpenApiOptions withInfo(Info value) {
    return new OpenApiOptions(servers, value, securitySchemes, security, operationSecurity, tags, schemaNames,
        pathParameters, decodeEncodedSlashes);
  }

  public OpenApiOptions withSecurity(Map<String, SecurityScheme> schemes, List<String> global,
      Map<String, List<String>> perOperation) {
    return new OpenApiOptions(servers, info, schemes, global, perOperation, tags, schemaNames, pathParameters,
        decodeEncodedSlashes);
  }

  public OpenApiOptions withTags(List<Tag> value) {
    return new OpenApiOptions(servers, info, securitySchemes, security, operationSecurity, value, schemaNames,
        pathParameters, decodeEncodedSlashes);
  }

  public OpenApiOptions withSchemaNames(SchemaNames value) {
    return new OpenApiOptions(servers, info, securitySchemes, security, operationSecurity, tags, value,
        pathParameters, decodeEncodedSlashes);
  }

  public OpenApiOptions withPathParameters(PathParameters value) {
    return new OpenApiOptions(servers, info, securitySchemes, security, operationSecurity, tags, schemaNames, value,
        decodeEncodedSlashes);
  }

  public OpenApiOptions withDecodeEncodedSlashes(boolean value) {
    return new OpenApiOptions(servers, info, securitySchemes, security, operationSecurity, tags, schemaNames,
        pathParameters, value);
  }
}
