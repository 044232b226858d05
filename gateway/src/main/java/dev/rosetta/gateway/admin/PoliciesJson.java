package dev.rosetta.gateway.admin;

import dev.rosetta.gateway.policy.AuthzSpec;
import dev.rosetta.gateway.policy.GlobalLimitSpec;
import dev.rosetta.gateway.policy.JwtProviderSpec;
import dev.rosetta.gateway.policy.LocalLimitSpec;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.PolicyEngine;
import dev.rosetta.gateway.policy.TokenSource;
import dev.rosetta.gateway.status.JsonStrings;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The edge policies in force as JSON, for {@code GET /config}: the providers, limits and services
 * with the settings that decide requests, and what each route gets. No secret is in it (a
 * provider's keys are public keys, and only where they come from is shown); TLS files of the
 * policy services are left out.
 *
 * <pre>
 * {"policies":{"jwtProviders":[{"name":"idp","issuer":"https://id.example.com/","audiences":["api"],
 *   "jwks":"https://id.example.com/jwks.json","algorithms":["ES256"],"from":["header authorization"],
 *   "forwardClaims":{"sub":"x-user-id"},"forwardToken":false}],
 *  "rateLimits":[{"name":"per-client","requests":20,"perSeconds":1,"burst":20,"key":"client-address","maxKeys":100000}],
 *  "authz":null,"globalRateLimit":null,
 *  "routes":{"GET /v1/shelves":"rate-limits [per-client]","POST /v1/shelves":"jwt required [idp]"}}}
 * </pre>
 */
final class PoliciesJson {
  private PoliciesJson() {}

  static String write(PolicyEngine engine) {
    PolicyConfig config = engine.config();
    StringBuilder json = new StringBuilder(1024).append("{\"policies\":{\"jwtProviders\":[");
    String comma = "";
    for (JwtProviderSpec p : config.jwtProviders()) {
      json.append(comma).append('{');
      field(json, "name", p.name()).append(',');
      field(json, "issuer", p.issuer()).append(',');
      strings(json, "audiences", p.audiences()).append(',');
      field(json, "jwks", p.jwks().toString()).append(',');
      strings(json, "algorithms", new TreeSet<>(p.algorithms())).append(',');
      strings(json, "from", p.from().stream().map(TokenSource::toString).toList()).append(',');
      map(json, "forwardClaims", p.forwardClaims()).append(",\"forwardToken\":").append(p.forwardToken());
      json.append('}');
      comma = ",";
    }
    json.append("],\"rateLimits\":[");
    comma = "";
    for (LocalLimitSpec l : config.rateLimits()) {
      json.append(comma).append('{');
      field(json, "name", l.name()).append(",\"requests\":").append(l.requests())
          .append(",\"perSeconds\":").append(l.per().toSeconds()).append(",\"burst\":").append(l.burst()).append(',');
      field(json, "key", l.key().toString()).append(",\"maxKeys\":").append(l.maxKeys()).append('}');
      comma = ",";
    }
    json.append("],\"authz\":");
    AuthzSpec authz = config.authz();
    if (authz == null) {
      json.append("null");
    } else {
      json.append('{');
      field(json, "service", authz.service().target()).append(',');
      field(json, "timeout", millis(authz.timeout())).append(",\"failureModeAllow\":").append(authz.failureModeAllow())
          .append(",\"statusOnError\":").append(authz.statusOnError())
          .append(",\"includeBodyBytes\":").append(authz.maxBodyBytes()).append('}');
    }
    json.append(",\"globalRateLimit\":");
    GlobalLimitSpec global = config.globalRateLimit();
    if (global == null) {
      json.append("null");
    } else {
      json.append('{');
      field(json, "service", global.service().target()).append(',');
      field(json, "domain", global.domain()).append(',');
      field(json, "timeout", millis(global.timeout())).append(",\"failureModeAllow\":")
          .append(global.failureModeAllow()).append(',');
      strings(json, "descriptor", global.descriptor().stream().map(e -> e.key() + "=" + e.source()).toList());
      json.append('}');
    }
    json.append(',');
    map(json, "routes", engine.describe());
    return json.append("}}").toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    return RoutesJson.field(json, name, value);
  }

  private static StringBuilder strings(StringBuilder json, String name, Collection<String> values) {
    JsonStrings.quote(name, json);
    json.append(":[");
    String comma = "";
    for (String value : values) {
      json.append(comma);
      JsonStrings.quote(value, json);
      comma = ",";
    }
    return json.append(']');
  }

  private static StringBuilder map(StringBuilder json, String name, Map<String, String> values) {
    JsonStrings.quote(name, json);
    json.append(":{");
    String comma = "";
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
      json.append(comma);
      field(json, e.getKey(), e.getValue());
      comma = ",";
    }
    return json.append('}');
  }
}
