package dev.rosetta.gateway.config;

import dev.rosetta.gateway.policy.JwksSpec;
import dev.rosetta.gateway.policy.JwtProviderSpec;
import dev.rosetta.gateway.policy.TokenSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One entry of {@code policies.jwt.providers}, read into a {@link JwtProviderSpec}. */
final class JwtProviderSection {
  private static final Set<String> KEYS = Set.of("name", "issuer", "audiences", "jwks", "clock-skew", "algorithms",
      "from", "forward-claims", "forward-token");
  private static final Set<String> JWKS_KEYS = Set.of("url", "file", "ca-file", "refresh-interval", "fetch-timeout",
      "min-refetch-interval");
  /** Metadata names a gRPC call sets itself (gRPC over HTTP/2), never taken from a claim. */
  private static final Set<String> RESERVED = Set.of("content-type", "te", "host", "user-agent", "connection",
      "transfer-encoding", "upgrade", "keep-alive", "proxy-connection");
  private static final String HEADER_NAME = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";

  private JwtProviderSection() {}

  static JwtProviderSpec read(Section s, Path dir) throws ConfigException {
    s.allowOnly(KEYS);
    String name = required(s, "name");
    String issuer = required(s, "issuer");
    Section jwks = s.section("jwks");
    if (jwks == null) {
      throw s.error("jwks", "every provider needs its keys: jwks: {url: https://...} or jwks: {file: jwks.json}");
    }
    List<TokenSource> from = new ArrayList<>();
    for (Section source : s.sections("from")) {
      from.add(tokenSource(source));
    }
    Map<String, String> forward = new LinkedHashMap<>();
    Section claims = s.section("forward-claims");
    if (claims != null) {
      for (String claim : claims.keys()) {
        String header = claims.string(claim);
        if (header == null || !header.matches(HEADER_NAME)) {
          throw claims.error(claim, "forward a claim under a header name, e.g. " + claim + ": x-jwt-" + claim);
        }
        if (RESERVED.contains(header.toLowerCase(java.util.Locale.ROOT))
            || header.toLowerCase(java.util.Locale.ROOT).startsWith("grpc-")) {
          throw claims.error(claim, "'" + header + "' is reserved by HTTP/2 or gRPC: pick another name, e.g. x-jwt-" + claim);
        }
        forward.put(claim, header.toLowerCase(java.util.Locale.ROOT));
      }
    }
    List<String> audiences = s.strings("audiences");
    List<String> algorithms = s.strings("algorithms");
    Duration skew = s.duration("clock-skew");
    Boolean forwardToken = s.bool("forward-token");
    try {
      return new JwtProviderSpec(name, issuer, audiences == null ? List.of() : audiences, jwks(jwks, dir),
          skew == null ? JwtProviderSpec.DEFAULT_CLOCK_SKEW : skew,
          algorithms == null ? JwtProviderSpec.DEFAULT_ALGORITHMS : Set.copyOf(algorithms), from, forward,
          Boolean.TRUE.equals(forwardToken), s.where());
    } catch (IllegalArgumentException e) {
      throw s.error(algorithms != null && e.getMessage().contains("algorithm") ? "algorithms" : "jwks", e.getMessage());
    }
  }

  private static JwksSpec jwks(Section s, Path dir) throws ConfigException {
    s.allowOnly(JWKS_KEYS);
    String url = s.string("url");
    String file = s.string("file");
    if ((url == null) == (file == null)) {
      throw s.error(url == null ? "url" : "file", "give the keys' url or their file, exactly one of them");
    }
    URI uri = null;
    if (url != null) {
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw s.error("url", "'" + url + "' is not a URL: " + e.getMessage());
      }
    }
    String ca = s.string("ca-file");
    try {
      return new JwksSpec(uri, file == null ? null : dir.resolve(file), ca == null ? null : dir.resolve(ca),
          orElse(s.duration("refresh-interval"), JwksSpec.DEFAULT_REFRESH),
          orElse(s.duration("fetch-timeout"), JwksSpec.DEFAULT_FETCH_TIMEOUT),
          orElse(s.duration("min-refetch-interval"), JwksSpec.DEFAULT_MIN_REFETCH));
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage().startsWith("refresh-interval") ? "fetch-timeout" : "url", e.getMessage());
    }
  }

  /** {@code {header: Authorization, prefix: "Bearer "}}, {@code {query: access_token}} or {@code {cookie: session}}. */
  private static TokenSource tokenSource(Section s) throws ConfigException {
    s.allowOnly(Set.of("header", "query", "cookie", "prefix"));
    String header = s.string("header");
    String query = s.string("query");
    String cookie = s.string("cookie");
    int given = (header == null ? 0 : 1) + (query == null ? 0 : 1) + (cookie == null ? 0 : 1);
    if (given != 1) {
      throw s.error("header", "name one place per entry: header: NAME, query: NAME or cookie: NAME");
    }
    String prefix = s.string("prefix");
    if (header != null) {
      if (!header.matches(HEADER_NAME)) {
        throw s.error("header", "'" + header + "' is not a header name");
      }
      if (prefix == null && header.equalsIgnoreCase("authorization")) {
        prefix = "Bearer ";
      }
      return new TokenSource(TokenSource.Kind.HEADER, header, prefix);
    }
    if (prefix != null) {
      throw s.error("prefix", "a prefix applies to headers only");
    }
    return query != null ? new TokenSource(TokenSource.Kind.QUERY, query, "")
        : new TokenSource(TokenSource.Kind.COOKIE, cookie, "");
  }

  static String required(Section s, String key) throws ConfigException {
    String value = s.string(key);
    if (value == null || value.isBlank()) {
      throw s.error(key, "required");
    }
    return value;
  }

  private static Duration orElse(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
