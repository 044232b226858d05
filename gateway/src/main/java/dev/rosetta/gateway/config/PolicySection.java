package dev.rosetta.gateway.config;

import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.policy.AuthzSpec;
import dev.rosetta.gateway.policy.GlobalLimitSpec;
import dev.rosetta.gateway.policy.JwtProviderSpec;
import dev.rosetta.gateway.policy.JwtRequirement;
import dev.rosetta.gateway.policy.KeySource;
import dev.rosetta.gateway.policy.LocalLimitSpec;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.PolicyException;
import dev.rosetta.gateway.policy.RouteRule;
import dev.rosetta.gateway.route.PathTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code policies:} of the configuration file (docs/security.md), read into a {@link
 * PolicyConfig}: JWT providers, local rate limits, the authorization and rate-limit services,
 * and the route rules. Names rules use are checked here; whether each rule selects a route is
 * checked against the route table when the gateway starts.
 */
final class PolicySection {
  private static final Set<String> KEYS = Set.of("jwt", "rate-limits", "authz", "global-rate-limit", "routes");
  private static final Set<String> LIMIT_KEYS = Set.of("name", "requests", "per", "burst", "key", "max-keys");
  private static final Set<String> AUTHZ_KEYS = Set.of("service", "timeout", "failure-mode-allow", "status-on-error",
      "include-body", "pack-as-bytes");
  private static final Set<String> GLOBAL_KEYS = Set.of("service", "domain", "timeout", "failure-mode-allow",
      "descriptor");
  private static final Set<String> RULE_KEYS = Set.of("match", "jwt", "jwt-providers", "rate-limits",
      "global-rate-limit", "authz");
  private static final Set<String> MATCH_KEYS = Set.of("service", "method", "template", "http-methods");
  private static final String NAME = "[A-Za-z0-9_.-]{1,64}";

  private PolicySection() {}

  static PolicyConfig read(Section s, Path dir) throws ConfigException {
    s.allowOnly(KEYS);
    List<JwtProviderSpec> providers = new ArrayList<>();
    Section jwt = s.section("jwt");
    if (jwt != null) {
      jwt.allowOnly(Set.of("providers"));
      for (Section provider : jwt.sections("providers")) {
        providers.add(JwtProviderSection.read(provider, dir));
      }
    }
    List<LocalLimitSpec> limits = new ArrayList<>();
    for (Section limit : s.sections("rate-limits")) {
      limits.add(limit(limit));
    }
    Section authz = s.section("authz");
    Section global = s.section("global-rate-limit");
    List<RouteRule> rules = new ArrayList<>();
    for (Section rule : s.sections("routes")) {
      rules.add(rule(rule));
    }
    PolicyConfig config = new PolicyConfig(providers, limits, authz == null ? null : authz(authz, dir),
        global == null ? null : global(global, dir), rules);
    try {
      return config.validated();
    } catch (PolicyException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static LocalLimitSpec limit(Section s) throws ConfigException {
    s.allowOnly(LIMIT_KEYS);
    String name = name(s);
    Integer requests = s.integer("requests");
    if (requests == null || requests < 1) {
      throw s.error("requests", "every rate limit needs requests: N (at least 1) per its window");
    }
    Duration per = s.duration("per");
    Integer burst = s.integer("burst");
    Integer maxKeys = s.integer("max-keys");
    KeySource key;
    try {
      key = s.has("key") ? KeySource.parse(s.string("key")) : KeySource.parse("client-address");
      if (key.kind() == KeySource.Kind.ROUTE || key.kind() == KeySource.Kind.METHOD) {
        throw new IllegalArgumentException("a limit per route is a limit with key: constant named by those routes");
      }
    } catch (IllegalArgumentException e) {
      throw s.error("key", e.getMessage());
    }
    try {
      return new LocalLimitSpec(name, requests, per == null ? Duration.ofSeconds(1) : per,
          burst == null ? requests : burst, key, maxKeys == null ? LocalLimitSpec.DEFAULT_MAX_KEYS : maxKeys, s.where());
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage().startsWith("'per'") ? "per" : e.getMessage().startsWith("max-keys") ? "max-keys"
          : "burst", e.getMessage());
    }
  }

  private static AuthzSpec authz(Section s, Path dir) throws ConfigException {
    s.allowOnly(AUTHZ_KEYS);
    BackendSpec service = service(s, "authz", dir);
    Duration timeout = s.duration("timeout");
    Integer status = s.integer("status-on-error");
    Integer body = s.has("include-body") ? s.size("include-body") : null;
    try {
      return new AuthzSpec(service, timeout == null ? AuthzSpec.DEFAULT_TIMEOUT : timeout,
          Boolean.TRUE.equals(s.bool("failure-mode-allow")), status == null ? 403 : status, body == null ? 0 : body,
          Boolean.TRUE.equals(s.bool("pack-as-bytes")), s.where());
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage().contains("status-on-error") ? "status-on-error" : "timeout", e.getMessage());
    }
  }

  private static GlobalLimitSpec global(Section s, Path dir) throws ConfigException {
    s.allowOnly(GLOBAL_KEYS);
    BackendSpec service = service(s, "rate-limit-service", dir);
    String domain = JwtProviderSection.required(s, "domain");
    List<GlobalLimitSpec.Entry> entries = new ArrayList<>();
    for (Section entry : s.sections("descriptor")) {
      entry.allowOnly(Set.of("key", "value"));
      String key = JwtProviderSection.required(entry, "key");
      try {
        entries.add(new GlobalLimitSpec.Entry(key, KeySource.parse(JwtProviderSection.required(entry, "value"))));
      } catch (IllegalArgumentException e) {
        throw entry.error("value", e.getMessage());
      }
    }
    Duration timeout = s.duration("timeout");
    Boolean allow = s.bool("failure-mode-allow");
    try {
      return new GlobalLimitSpec(service, domain, timeout == null ? GlobalLimitSpec.DEFAULT_TIMEOUT : timeout,
          allow == null || allow, entries, s.where());
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage().contains("descriptor") ? "descriptor" : "timeout", e.getMessage());
    }
  }

  /** {@code service: {target: ..., tls: ...}}: the keys of a backend, without services. */
  private static BackendSpec service(Section s, String defaultName, Path dir) throws ConfigException {
    Section service = s.section("service");
    if (service == null) {
      throw s.error("service", "where the service runs: service: {target: host:port} (and any backend key but services)");
    }
    if (service.has("services")) {
      throw service.error("services", "a policy service serves the gateway, not routes: leave services out");
    }
    return BackendSection.read(service, defaultName, dir);
  }

  private static RouteRule rule(Section s) throws ConfigException {
    s.allowOnly(RULE_KEYS);
    List<String> services = List.of();
    List<String> methods = List.of();
    List<String> templates = List.of();
    List<String> httpMethods = List.of();
    Section match = s.section("match");
    if (match != null) {
      match.allowOnly(MATCH_KEYS);
      services = orEmpty(match.strings("service"));
      for (String service : services) {
        if (!service.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(\\.\\*)?")) {
          throw match.error("service", "'" + service + "' is neither a full service name (pkg.v1.Service) nor a pattern (pkg.*)");
        }
      }
      methods = new ArrayList<>();
      for (String method : orEmpty(match.strings("method"))) {
        methods.add(fullMethod(match, method));
      }
      templates = new ArrayList<>();
      for (String template : orEmpty(match.strings("template"))) {
        try {
          templates.add(PathTemplate.parse(template).toString());
        } catch (RuntimeException e) {
          throw match.error("template", "'" + template + "' is not a path template: " + e.getMessage());
        }
      }
      httpMethods = new ArrayList<>();
      for (String method : orEmpty(match.strings("http-methods"))) {
        if (!method.matches("[A-Za-z]+")) {
          throw match.error("http-methods", "'" + method + "' is not an HTTP method");
        }
        httpMethods.add(method.toUpperCase(Locale.ROOT));
      }
    }
    JwtRequirement jwt = null;
    if (s.has("jwt")) {
      try {
        jwt = JwtRequirement.parse(s.string("jwt"));
      } catch (IllegalArgumentException e) {
        throw s.error("jwt", e.getMessage());
      }
    }
    List<String> limits = s.strings("rate-limits");
    if (limits != null && limits.equals(List.of("none"))) {
      limits = List.of();
    }
    return new RouteRule(s.where(), services, methods, templates, httpMethods, jwt, s.strings("jwt-providers"), limits,
        s.bool("global-rate-limit"), s.bool("authz"));
  }

  /** {@code pkg.Service/Method} or {@code pkg.Service.Method}, as the slash form. */
  private static String fullMethod(Section s, String method) throws ConfigException {
    String m = method.trim();
    int slash = m.indexOf('/');
    if (slash < 0) {
      int dot = m.lastIndexOf('.');
      m = dot < 0 ? m : m.substring(0, dot) + "/" + m.substring(dot + 1);
      slash = m.indexOf('/');
    }
    if (slash <= 0 || slash == m.length() - 1 || m.indexOf('/', slash + 1) >= 0) {
      throw s.error("method", "'" + method + "' is not a full method name: write pkg.v1.Service/Method");
    }
    return m;
  }

  private static String name(Section s) throws ConfigException {
    String name = JwtProviderSection.required(s, "name");
    if (!name.matches(NAME)) {
      throw s.error("name", "'" + name + "': use letters, digits, '_', '.' and '-' (it names the limit in RateLimit headers)");
    }
    return name;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
