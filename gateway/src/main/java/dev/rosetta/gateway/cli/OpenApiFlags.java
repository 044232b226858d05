package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.openapi.OpenApiOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --openapi-*} flags: the common settings of the OpenAPI document. The rest (contact,
 * license, security schemes per operation, tag descriptions) come from the configuration file's
 * {@code openapi:} section; a flag given here (or its variable) wins over the file's value.
 * Mixed into the gateway's flags and into {@code rosetta openapi}, so both describe the same API.
 */
@Command(addMethodSubcommands = false)
final class OpenApiFlags {
  @Option(names = "--openapi-server", paramLabel = "URL", split = ",", defaultValue = "${env:ROSETTA_OPENAPI_SERVERS}",
      description = "A server URL in the OpenAPI document, e.g. https://api.example.com (repeatable; default: \"/\", "
          + "the gateway serving it) (env ROSETTA_OPENAPI_SERVERS, comma-separated).")
  List<String> servers = new ArrayList<>();

  @Option(names = "--openapi-title", paramLabel = "TEXT", defaultValue = "${env:ROSETTA_OPENAPI_TITLE}",
      description = "info.title of the OpenAPI document (default: the services' names) (env ROSETTA_OPENAPI_TITLE).")
  String title;

  @Option(names = "--openapi-version", paramLabel = "TEXT", defaultValue = "${env:ROSETTA_OPENAPI_VERSION}",
      description = "info.version of the OpenAPI document (default 1) (env ROSETTA_OPENAPI_VERSION).")
  String version;

  @Option(names = "--openapi-auth", paramLabel = "SCHEME", split = ",", defaultValue = "${env:ROSETTA_OPENAPI_AUTH}",
      description = "Authentication every operation takes, in the OpenAPI document: bearer, basic, header:NAME or "
          + "query:NAME (an API key); repeatable, any one will do (env ROSETTA_OPENAPI_AUTH, comma-separated).")
  List<String> auth = new ArrayList<>();

  @Option(names = "--openapi-schema-names", paramLabel = "STYLE", defaultValue = "${env:ROSETTA_OPENAPI_SCHEMA_NAMES}",
      description = "Schema names in the OpenAPI document: short (Book; full names only where two clash) or full "
          + "(pkg.v1.Book) (env ROSETTA_OPENAPI_SCHEMA_NAMES, default short).")
  String schemaNames;

  @Option(names = "--openapi-path-params", paramLabel = "STYLE", defaultValue = "${env:ROSETTA_OPENAPI_PATH_PARAMS}",
      description = "How {name=shelves/*/books/*} appears in the OpenAPI document: expanded (/v1/shelves/{shelf}/books/"
          + "{book}) or single (/v1/{name}, needs --decode-encoded-slashes for generated clients) "
          + "(env ROSETTA_OPENAPI_PATH_PARAMS, default expanded).")
  String pathParams;

  @Option(names = "--decode-encoded-slashes", defaultValue = "${env:ROSETTA_DECODE_ENCODED_SLASHES}",
      description = "Read %%2F in a request path as '/' before matching routes, so clients that percent-encode path "
          + "parameters (generated ones do) can send '/' in {path=**} values (env ROSETTA_DECODE_ENCODED_SLASHES).")
  Boolean decodeEncodedSlashes;

  /** {@code base} (the configuration file's settings) with every flag that was set laid over it. */
  OpenApiOptions over(OpenApiOptions base) {
    OpenApiOptions out = base;
    List<String> serverList = trimmed(servers);
    if (!serverList.isEmpty()) {
      out = out.withServers(serverList);
    }
    if (title != null) {
      out = out.withInfo(out.info().withTitle(title));
    }
    if (version != null) {
      out = out.withInfo(out.info().withVersion(version));
    }
    List<String> authList = trimmed(auth);
    if (!authList.isEmpty()) {
      Map<String, OpenApiOptions.SecurityScheme> schemes = new LinkedHashMap<>(out.securitySchemes());
      List<String> names = new ArrayList<>();
      for (String text : authList) {
        OpenApiOptions.SecurityScheme scheme = OpenApiOptions.SecurityScheme.parse(text);
        String name = scheme.type().equals("http") ? scheme.scheme() : "apiKey" + capitalized(scheme.in());
        schemes.put(name, scheme);
        names.add(name);
      }
      out = out.withSecurity(schemes, names, out.operationSecurity());
    }
    if (schemaNames != null && !schemaNames.isBlank()) {
      out = out.withSchemaNames(OpenApiOptions.SchemaNames.parse(schemaNames));
    }
    if (pathParams != null && !pathParams.isBlank()) {
      out = out.withPathParameters(OpenApiOptions.PathParameters.parse(pathParams));
    }
    if (decodeEncodedSlashes != null) {
      out = out.withDecodeEncodedSlashes(decodeEncodedSlashes);
    }
    return out;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static List<String> trimmed(List<String> list) {
    return list == null ? List.of() : list.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
