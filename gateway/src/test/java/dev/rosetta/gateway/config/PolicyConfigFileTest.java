package dev.rosetta.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.policy.JwtProviderSpec;
import dev.rosetta.gateway.policy.JwtRequirement;
import dev.rosetta.gateway.policy.KeySource;
import dev.rosetta.gateway.policy.LocalLimitSpec;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.RouteRule;
import dev.rosetta.gateway.policy.TokenSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code policies:} of the configuration file: every key read, and file:line errors for what cannot be used. */
class PolicyConfigFileTest {
  @TempDir Path dir;

  private PolicyConfig load(String yaml) throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, yaml);
    return ConfigFile.load(file).policies();
  }

  @Test
  void everyPolicyKeyIsRead() throws Exception {
    PolicyConfig config = load("""
        policies:
          jwt:
            providers:
              - name: idp
                issuer: https://id.example.com/
                audiences: [library-api]
                jwks:
                  url: https://id.example.com/.well-known/jwks.json
                  ca-file: ca.pem
                  refresh-interval: 10m
                  fetch-timeout: 3s
                  min-refetch-interval: 30s
                clock-skew: 30s
                algorithms: [RS256, EdDSA]
                from:
                  - header: Authorization
                  - header: X-Token
                  - query: access_token
                  - cookie: session
                forward-claims:
                  sub: X-User-Id
                forward-token: true
          rate-limits:
            - name: per-client
              requests: 20
              per: 1s
              burst: 40
              key: client-address
              max-keys: 5000
          authz:
            service: {target: "127.0.0.1:9191", name: opa}
            timeout: 150ms
            failure-mode-allow: true
            status-on-error: 503
            include-body: 8KiB
            pack-as-bytes: true
          global-rate-limit:
            service: {target: "127.0.0.1:8081"}
            domain: rosetta
            timeout: 50ms
            failure-mode-allow: false
            descriptor:
              - {key: remote_address, value: client-address}
              - {key: user, value: "claim:sub"}
          routes:
            - rate-limits: [per-client]
            - match: {service: rosetta.examples.library.v1.LibraryService, http-methods: [post, DELETE]}
              jwt: required
              jwt-providers: [idp]
              authz: true
              global-rate-limit: true
            - match:
                method: rosetta.examples.library.v1.LibraryService.SearchBooks
                template: "/v1/books:search"
              rate-limits: none
        """);

    JwtProviderSpec idp = config.jwtProviders().get(0);
    assertThat(idp.issuer()).isEqualTo("https://id.example.com/");
    assertThat(idp.audiences()).containsExactly("library-api");
    assertThat(idp.jwks().url()).isEqualTo(URI.create("https://id.example.com/.well-known/jwks.json"));
    assertThat(idp.jwks().caFile()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(idp.jwks().refreshInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(idp.jwks().fetchTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(idp.jwks().minRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(idp.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(idp.algorithms()).containsExactlyInAnyOrder("RS256", "EdDSA");
    assertThat(idp.from()).containsExactly(TokenSource.BEARER, new TokenSource(TokenSource.Kind.HEADER, "x-token", ""),
        new TokenSource(TokenSource.Kind.QUERY, "access_token", ""), new TokenSource(TokenSource.Kind.COOKIE, "session", ""));
    assertThat(idp.forwardClaims()).isEqualTo(Map.of("sub", "x-user-id"));
    assertThat(idp.forwardToken()).isTrue();
    assertThat(idp.where()).isEqualTo(dir.resolve("rosetta.yaml") + ":4");

    assertThat(config.rateLimits()).containsExactly(new LocalLimitSpec("per-client", 20, Duration.ofSeconds(1), 40,
        KeySource.parse("client-address"), 5000, dir.resolve("rosetta.yaml") + ":24"));
    assertThat(config.authz().service().name()).isEqualTo("opa");
    assertThat(config.authz().service().target()).isEqualTo("127.0.0.1:9191");
    assertThat(config.authz().timeout()).isEqualTo(Duration.ofMillis(150));
    assertThat(config.authz().failureModeAllow()).isTrue();
    assertThat(config.authz().statusOnError()).isEqualTo(503);
    assertThat(config.authz().maxBodyBytes()).isEqualTo(8192);
    assertThat(config.authz().packAsBytes()).isTrue();
    assertThat(config.globalRateLimit().service().name()).isEqualTo("rate-limit-service");
    assertThat(config.globalRateLimit().domain()).isEqualTo("rosetta");
    assertThat(config.globalRateLimit().failureModeAllow()).isFalse();
    assertThat(config.globalRateLimit().descriptor()).extracting(e -> e.key() + "=" + e.source())
        .containsExactly("remote_address=client-address", "user=claim:sub");

    List<RouteRule> rules = config.rules();
    assertThat(rules.get(0).rateLimits()).containsExactly("per-client");
    assertThat(rules.get(1).services()).containsExactly("rosetta.examples.library.v1.LibraryService");
    assertThat(rules.get(1).httpMethods()).containsExactly("POST", "DELETE");
    assertThat(rules.get(1).jwt()).isEqualTo(JwtRequirement.REQUIRED);
    assertThat(rules.get(1).jwtProviders()).containsExactly("idp");
    assertThat(rules.get(1).authz()).isTrue();
    assertThat(rules.get(1).globalRateLimit()).isTrue();
    assertThat(rules.get(2).methods()).containsExactly("rosetta.examples.library.v1.LibraryService/SearchBooks");
    assertThat(rules.get(2).templates()).containsExactly("/v1/books:search");
    assertThat(rules.get(2).rateLimits()).isEmpty();
    assertThat(rules.get(2).jwt()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an unknown key | rate-limits: [{name: a, requests: 1, rate: 2}] | 2: policies.rate-limits[0].rate: unknown key",
      "a sub-second window | rate-limits: [{name: a, requests: 1, per: 500ms}] | 2: policies.rate-limits[0].per: 'per' must be whole seconds",
      "a limit without requests | rate-limits: [{name: a}] | 2: policies.rate-limits[0].requests: every rate limit needs requests",
      "a name unfit for RateLimit headers | rate-limits: [{name: 'a b', requests: 1}] | 2: policies.rate-limits[0].name: 'a b': use letters",
      "an unknown key source | rate-limits: [{name: a, requests: 1, key: 'cookie:x'}] | 2: policies.rate-limits[0].key: 'cookie:x' is not a key",
      "a rule naming no limit | routes: [{rate-limits: [nope]}] | 2: rate-limits: no rate limit is named 'nope'",
      "a bad requirement | routes: [{jwt: maybe}] | 2: policies.routes[0].jwt: 'maybe' is not a JWT requirement",
      "a bad template | routes: [{match: {template: 'v1/x'}, authz: false}] | 2: policies.routes[0].match.template: 'v1/x' is not a path template",
      "a bad method | routes: [{match: {method: 'Search'}, authz: false}] | 2: policies.routes[0].match.method: 'Search' is not a full method name",
      "authz without its service | routes: [{authz: true}] | 2: authz: true needs the service in policies.authz",
      "authz service without a target | authz: {service: {name: x}} | 2: policies.authz.service.target: every backend needs a target",
      "authz service claiming services | authz: {service: {target: 'h:1', services: [a.B]}} | 2: policies.authz.service.services: a policy service serves the gateway",
      "a zero authz timeout | authz: {service: {target: 'h:1'}, timeout: 0} | 2: policies.authz.timeout: the authorization timeout must be positive",
      "keys from url and file | jwt: {providers: [{name: a, issuer: i, jwks: {url: 'https://x/', file: k.json}}]} | 2: policies.jwt.providers[0].jwks.file: give the keys' url or their file",
      "a zero fetch timeout | jwt: {providers: [{name: a, issuer: i, jwks: {file: k, fetch-timeout: 0}}]} | 2: policies.jwt.providers[0].jwks.fetch-timeout: refresh-interval and fetch-timeout must be positive",
      "keys over plain http | jwt: {providers: [{name: a, issuer: i, jwks: {url: 'http://id.example.com/k'}}]} | 2: policies.jwt.providers[0].jwks.url: 'http://id.example.com/k': keys are fetched over https",
      "an HMAC algorithm | jwt: {providers: [{name: a, issuer: i, jwks: {file: k}, algorithms: [HS256]}]} | 2: policies.jwt.providers[0].algorithms: 'HS256' is not an accepted algorithm",
      "a provider without keys | jwt: {providers: [{name: a, issuer: i}]} | 2: policies.jwt.providers[0].jwks: every provider needs its keys",
      "a claim forwarded under a reserved name | jwt: {providers: [{name: a, issuer: i, jwks: {file: k}, forward-claims: {sub: grpc-timeout}}]} | 2: policies.jwt.providers[0].forward-claims.sub: 'grpc-timeout' is reserved",
      "a limit window beyond a long | rate-limits: [{name: a, requests: 1, per: 100000h, burst: 2000000000}] | 2: policies.rate-limits[0].burst: burst × (per / requests) is too large",
      "a token source naming two places | jwt: {providers: [{name: a, issuer: i, jwks: {file: k}, from: [{header: a, query: b}]}]} | 2: policies.jwt.providers[0].from[0].header: name one place per entry",
  })
  void whatCannotBeUsedStopsStartUpNamingFileLineAndKey(String what, String yaml, String message) throws Exception {
    assertThatThrownBy(() -> load("policies:\n  " + yaml + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("rosetta.yaml") + ":" + message);
  }

  @Test
  void twoProvidersWithOneIssuerAreRefused() {
    assertThatThrownBy(() -> load("""
        policies:
          jwt:
            providers:
              - {name: a, issuer: https://i/, jwks: {file: k}}
              - {name: b, issuer: https://i/, jwks: {file: k}}
        """)).hasMessage(dir.resolve("rosetta.yaml") + ":5: two JWT providers have the issuer 'https://i/': "
        + "a token's iss must name one provider");
  }

  /** The example in docs/security.md is a configuration the gateway accepts. */
  @Test
  void theSecurityPageExampleIsAValidConfiguration() throws Exception {
    String page = Files.readString(Path.of("../docs/security.md"));
    Matcher example = Pattern.compile("<!-- policy-example -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(page);
    assertThat(example.find()).as("docs/security.md marks its policy example").isTrue();

    PolicyConfig config = load(example.group(1));

    assertThat(config.rules()).isNotEmpty();
    assertThat(config.jwtProviders()).isNotEmpty();
    assertThat(config.rateLimits()).isNotEmpty();
    assertThat(config.authz()).isNotNull();
    assertThat(config.globalRateLimit()).isNotNull();
  }
}
