package dev.rosetta.gateway.config;

import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.openapi.OpenApiOptions.Info;
import dev.rosetta.gateway.openapi.OpenApiOptions.SecurityScheme;
import dev.rosetta.gateway.openapi.OpenApiOptions.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code openapi:} section of the configuration file, read into {@link OpenApiOptions}. */
final class OpenApiSection {
  private static final Set<String> KEYS = Set.of("servers", "title", "version", "description", "contact", "license",
      "security-schemes", "security", "operation-security", "tags", "schema-names", "path-params",
      "decode-encoded-slashes");
  private static final Set<String> SCHEME_KEYS = Set.of("type", "scheme", "bearer-format", "in", "name",
      "open-id-connect-url", "description");

  private OpenApiSection() {}

  static OpenApiOptions read(Section s) throws ConfigException {
    s.allowOnly(KEYS);
    OpenApiOptions out = OpenApiOptions.DEFAULTS;
    List<String> servers = s.strings("servers");
    if (servers != null) {
      out = out.withServers(servers);
    }
    Section contact = s.section("contact");
    if (contact != null) {
      contact.allowOnly(Set.of("name", "url", "email"));
    }
    Section license = s.section("license");
    if (license != null) {
      license.allowOnly(Set.of("name", "url", "identifier"));
      if (license.string("name") == null) {
        throw s.error("license", "a license needs a name, e.g. Apache 2.0");
      }
    }
    out = out.withInfo(new Info(s.string("title"), s.string("version"), s.string("description"),
        contact == null ? null : contact.string("name"), contact == null ? null : contact.string("url"),
        contact == null ? null : contact.string("email"), license == null ? null : license.string("name"),
        license == null ? null : license.string("url"), license == null ? null : license.string("identifier")));

    Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
    Section schemeSection = s.section("security-schemes");
    if (schemeSection != null) {
      for (String name : schemeSection.keys()) {
        Section scheme = schemeSection.section(name);
        if (scheme == null) {
          throw schemeSection.error(name, "expected a mapping with type, and scheme or in and name");
        }
        scheme.allowOnly(SCHEME_KEYS);
        try {
          schemes.put(name, new SecurityScheme(String.valueOf(scheme.string("type")), scheme.string("scheme"),
              scheme.string("bearer-format"), scheme.string("in"), scheme.string("name"),
              scheme.string("open-id-connect-url"), scheme.string("description")));
        } catch (IllegalArgumentException e) {
          throw schemeSection.error(name, e.getMessage());
        }
      }
    }
    List<String> security = s.strings("security");
    Map<String, List<String>> perOperation = new LinkedHashMap<>();
    Section operations = s.section("operation-security");
    if (operations != null) {
      for (String selector : operations.keys()) {
        List<String> names = operations.strings(selector);
        perOperation.put(selector, names == null ? List.of() : names);
      }
    }
    try {
      out = out.withSecurity(schemes, security == null ? List.of() : security, perOperation);
    } catch (IllegalArgumentException e) {
      throw s.error(security != null ? "security" : "operation-security", e.getMessage());
    }
    List<Tag> tags = new ArrayList<>();
    for (Section tag : s.sections("tags")) {
      tag.allowOnly(Set.of("name", "description"));
      if (tag.string("name") == null) {
        throw tag.error("name", "every tag needs a name");
      }
      tags.add(new Tag(tag.string("name"), tag.string("description")));
    }
    out = out.withTags(tags);
    try {
      if (s.has("schema-names")) {
        out = out.withSchemaNames(OpenApiOptions.SchemaNames.parse(s.string("schema-names")));
      }
    } catch (IllegalArgumentException e) {
      throw s.error("schema-names", e.getMessage());
    }
    try {
      if (s.has("path-params")) {
        out = out.withPathParameters(OpenApiOptions.PathParameters.parse(s.string("path-params")));
      }
    } catch (IllegalArgumentException e) {
      throw s.error("path-params", e.getMessage());
    }
    Boolean decode = s.bool("decode-encoded-slashes");
    return decode == null ? out : out.withDecodeEncodedSlashes(decode);
  }
}
