package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rosetta routes} and {@code rosetta openapi} with a configuration file that has
 * {@code policies:}: the policy of each route, and the security the document derives from its
 * JWT requirements, without starting anything.
 */
class PolicySubcommandsTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void write() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    config = dir.resolve("rosetta.yaml");
    Files.writeString(config, """
        policies:
          jwt:
            providers:
              - name: idp
                issuer: https://id.example.com/
                jwks: {file: jwks.json}
                from: [{header: Authorization}, {query: access_token}]
          rate-limits:
            - {name: per-client, requests: 20}
          routes:
            - rate-limits: [per-client]
            - match: {service: rosetta.test.e2e.v1.EchoService, http-methods: [POST]}
              jwt: required
            - match: {template: /e2e/names, http-methods: [GET]}
              jwt: optional
        """);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void routesShowsThePolicyOfEachRoute() {
    String out = run("routes", "--config", config.toString(), "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());

    assertThat(out.lines()).anySatisfy(line -> assertThat(line).matches(
        "POST +/e2e/echo +rosetta\\.test\\.e2e\\.v1\\.EchoService/Echo +body=\\* +policy=rate-limits \\[per-client], "
            + "jwt required \\[idp]"));
    assertThat(out.lines()).anySatisfy(line -> assertThat(line).matches(
        "GET +/e2e/names +.*response_body=names +policy=rate-limits \\[per-client], jwt optional \\[idp]"));
    assertThat(run("routes", "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString())).doesNotContain("policy=");
  }

  @Test
  void openapiDescribesTheSecurityTheRoutesEnforce() {
    String out = run("openapi", "--config", config.toString(), "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString());

    assertThat(out).contains("\"securitySchemes\":{\"bearerAuth\":{\"type\":\"http\",\"scheme\":\"bearer\","
        + "\"bearerFormat\":\"JWT\"},\"jwt-query-access_token\":{\"type\":\"apiKey\",\"in\":\"query\","
        + "\"name\":\"access_token\",\"description\":\"a JWT\"}}");
    assertThat(out).contains("\"security\":[{\"bearerAuth\":[]},{\"jwt-query-access_token\":[]}]");
    assertThat(out).as("optional: or none").contains("\"security\":[{\"bearerAuth\":[]},{\"jwt-query-access_token\":[]},{}]");
  }
}
