package dev.rosetta.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.config.ConfigFile;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin listener and the public documents show of the edge policies in force: {@code
 * /config}, the policy of each route in {@code /routes}, and the security schemes of protected
 * routes in {@code /openapi.json}.
 */
class PolicyAdminTest {
  @TempDir static Path dir;
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    Path config = dir.resolve("rosetta.yaml");
    Files.writeString(config, """
        policies:
          jwt:
            providers:
              - name: idp
                issuer: https://id.example.com/
                audiences: [api]
                jwks: {file: jwks.json}
                forward-claims: {sub: x-user-id}
          rate-limits:
            - {name: per-client, requests: 20, burst: 40}
          routes:
            - match: {template: /e2e/echo, http-methods: [POST]}
              jwt: required
              rate-limits: [per-client]
        """);
    var policies = ConfigFile.load(config).policies();
    harness = GatewayHarness.start(c -> c.withPolicies(policies, config)
        .withOperations(OperationsOptions.defaults().withAdminPort(0).withServeOpenApi(true)));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static Value admin(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + path);
    var response = harness.send(HttpRequest.newBuilder(uri));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Value.Builder value = Value.newBuilder();
    JsonFormat.parser().merge(response.body(), value);
    return value.build();
  }

  @Test
  void configShowsTheProvidersLimitsAndWhatEachRouteGets() throws Exception {
    Map<String, Value> policies = admin("/config").getStructValue().getFieldsOrThrow("policies").getStructValue()
        .getFieldsMap();

    Struct provider = policies.get("jwtProviders").getListValue().getValues(0).getStructValue();
    assertThat(provider.getFieldsOrThrow("issuer").getStringValue()).isEqualTo("https://id.example.com/");
    assertThat(provider.getFieldsOrThrow("jwks").getStringValue()).endsWith("jwks.json");
    assertThat(provider.getFieldsOrThrow("forwardClaims").getStructValue().getFieldsOrThrow("sub").getStringValue())
        .isEqualTo("x-user-id");
    Struct limit = policies.get("rateLimits").getListValue().getValues(0).getStructValue();
    assertThat(limit.getFieldsOrThrow("burst").getNumberValue()).isEqualTo(40);
    assertThat(policies.get("authz").hasNullValue()).isTrue();
    assertThat(policies.get("routes").getStructValue().getFieldsMap())
        .containsEntry("POST /e2e/echo", Value.newBuilder().setStringValue("rate-limits [per-client], jwt required [idp]").build())
        .containsEntry("GET /e2e/metadata", Value.newBuilder().setStringValue("none").build());
  }

  @Test
  void routesShowEachRoutesPolicy() throws Exception {
    assertThat(admin("/routes").getListValue().getValuesList()).map(v -> v.getStructValue().getFieldsMap())
        .anySatisfy(route -> {
          assertThat(route.get("httpMethod").getStringValue()).isEqualTo("POST");
          assertThat(route.get("template").getStringValue()).isEqualTo("/e2e/echo");
          assertThat(route.get("policy").getStringValue()).isEqualTo("rate-limits [per-client], jwt required [idp]");
        });
  }

  @Test
  void theServedDocumentDescribesTheProtectedRoutesSecurity() throws Exception {
    String document = harness.get("/openapi.json").body();

    assertThat(document).contains("\"securitySchemes\":{\"bearerAuth\":{\"type\":\"http\",\"scheme\":\"bearer\","
        + "\"bearerFormat\":\"JWT\"}}");
    Value.Builder tree = Value.newBuilder();
    JsonFormat.parser().merge(document, tree);
    Map<String, Value> paths = tree.build().getStructValue().getFieldsOrThrow("paths").getStructValue().getFieldsMap();
    Struct echo = paths.get("/e2e/echo").getStructValue();
    assertThat(echo.getFieldsOrThrow("post").getStructValue().getFieldsOrThrow("security").getListValue()
        .getValues(0).getStructValue().getFieldsMap()).containsOnlyKeys("bearerAuth");
    assertThat(paths.get("/e2e/metadata").getStructValue().getFieldsOrThrow("get").getStructValue()
        .containsFields("security")).as("an open route").isFalse();
  }
}
