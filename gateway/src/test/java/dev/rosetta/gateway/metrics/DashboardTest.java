package dev.rosetta.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus+Grafana compose files in docker/observability (no
 * Docker engine here to run them): they parse, the compose file mounts files that exist, and
 * every metric the dashboard queries is one a running gateway really exports.
 */
class DashboardTest {
  static final Path DIR = Path.of("..", "docker", "observability");

  @Test
  void everyMetricTheDashboardQueriesIsExportedByTheGateway() throws Exception {
    Struct.Builder dashboard = Struct.newBuilder();
    JsonFormat.parser().merge(Files.readString(DIR.resolve("grafana/dashboards/rosetta.json")), dashboard);
    List<String> exprs = new ArrayList<>();
    for (Value panel : dashboard.getFieldsOrThrow("panels").getListValue().getValuesList()) {
      for (Value target : panel.getStructValue().getFieldsOrThrow("targets").getListValue().getValuesList()) {
        exprs.add(target.getStructValue().getFieldsOrThrow("expr").getStringValue());
      }
    }
    TreeSet<String> queried = new TreeSet<>();
    Matcher names = Pattern.compile("\\b((?:rosetta|jvm)_[a-z_]+)").matcher(String.join("\n", exprs));
    while (names.find()) {
      queried.add(names.group(1));
    }
    assertThat(queried).contains("rosetta_http_requests_total", "rosetta_http_request_duration_seconds_bucket",
        "rosetta_backend_calls_total");

    try (GatewayHarness harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAdminPort(0)))) {
      assertThat(harness.get("/e2e/echo/d1").statusCode()).isEqualTo(200);
      assertThat(harness.send("POST", "/e2e/echo", "{\"id\":\"d2\"}").statusCode()).isEqualTo(200);
      String metrics = harness.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + "/metrics")).GET()).body();
      for (String name : queried) {
        assertThat(metrics).as("the dashboard queries %s", name).containsPattern("(?m)^" + name + "[{ ]");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"compose.yaml", "prometheus.yml", "grafana/provisioning/datasources/prometheus.yaml",
      "grafana/provisioning/dashboards/rosetta.yaml"})
  void theYamlFilesParse(String file) throws Exception {
    Object parsed = new Yaml().load(Files.readString(DIR.resolve(file)));
    assertThat(parsed).isInstanceOf(Map.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeMountsFilesThatExistAndPrometheusScrapesTheAdminPort() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(DIR.resolve("compose.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsKeys("prometheus", "grafana");
    for (Map<String, Object> service : services.values()) {
      for (String volume : (List<String>) service.get("volumes")) {
        assertThat(DIR.resolve(volume.split(":")[0])).as(volume).exists();
      }
    }
    assertThat(Files.readString(DIR.resolve("prometheus.yml"))).contains(":" + OperationsOptions.DEFAULT_ADMIN_PORT);
  }
}
