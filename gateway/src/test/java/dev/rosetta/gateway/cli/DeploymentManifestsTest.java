package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.TreeSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment material in docker/ is checked against the real command line (the Dockerfile in
 * DockerImageTest): every flag and
 * every ROSETTA_* variable a manifest passes to the gateway exists and parses, a ConfigMap's
 * rosetta.yaml loads, the health checks and probes ask real admin endpoints on the admin port
 * (bound off loopback where the kubelet probes the pod IP), and Kubernetes gives the drain enough
 * time. (No Docker engine or cluster runs here: this is what can be checked without one.)
 */
class DeploymentManifestsTest {
  private static final Path DOCKER = Path.of("../docker");
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

  @TempDir Path dir;

  /** ROSETTA_* variable → the flag it stands for. */
  static Map<String, String> envToFlag() {
    Map<String, String> out = new HashMap<>();
    CommandLine raw = new CommandLine(new Main()).setInterpolateVariables(false);
    for (OptionSpec option : raw.getCommandSpec().options()) {
      if (option.defaultValue() != null) {
        Matcher m = ENV.matcher(option.defaultValue());
        if (m.find()) {
          out.put(m.group(1), option.longestName());
        }
      }
    }
    return out;
  }

  /** Checks the gateway's arguments and variables, and returns the parsed command it becomes. */
  private Main gateway(List<String> args, Map<String, String> env, Map<String, String> files, String where)
      throws Exception {
    Map<String, String> envFlags = envToFlag();
    CommandLine probe = new CommandLine(new Main());
    for (String arg : args) {
      if (arg.startsWith("--")) {
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        assertThat(probe.getCommandSpec().findOption(flag)).as(where + ": flag " + flag).isNotNull();
      }
    }
    List<String> effective = new ArrayList<>();
    env.forEach((name, value) -> {
      assertThat(envFlags).as(where + ": variable " + name).containsKey(name);
      effective.add(envFlags.get(name) + "=" + value);
    });
    for (String arg : args) {
      // A file the manifest mounts (a ConfigMap) is read from where this test wrote it.
      effective.add(files.getOrDefault(arg, arg));
    }
    ConfigMerge.Merged merged = ConfigMerge.merge(effective.toArray(String[]::new), Map.of());
    Main main = new Main();
    new CommandLine(main).parseArgs(merged.args());
    assertThat(main.descriptors).as(where + ": descriptors").isNotEmpty();
    assertThat(main.backend != null || !merged.backends().isEmpty()).as(where + ": a backend").isTrue();
    return main;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeGatewayUsesRealFlagsAndStopsAfterItsDrain() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
    Map<String, Object> gateway = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("gateway");
    Map<String, String> env = new HashMap<>();
    ((Map<String, Object>) gateway.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    Main main = gateway((List<String>) gateway.get("command"), env, Map.of(), "compose gateway");
    Duration grace = dev.rosetta.gateway.config.Values.duration((String) gateway.get("stop_grace_period"));
    assertThat(grace).isGreaterThan(main.options.drainTimeout);
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/sidecar.yaml", "k8s/standalone.yaml", "k8s/istio-proxyless.yaml"})
  @SuppressWarnings("unchecked")
  void kubernetesManifestsUseRealFlagsProbeTheAdminEndpointsAndOutlastTheDrain(String file) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(DOCKER.resolve(file)))) {
      docs.add((Map<String, Object>) doc);
    }
    Map<String, String> mounted = new HashMap<>();
    for (Map<String, Object> doc : docs) {
      if ("ConfigMap".equals(doc.get("kind"))) {
        Map<String, String> data = (Map<String, String>) doc.get("data");
        Path config = dir.resolve("rosetta.yaml");
        Files.writeString(config, data.get("rosetta.yaml"));
        mounted.put("/etc/rosetta/rosetta.yaml", config.toString());
      }
    }
    int gateways = 0;
    for (Map<String, Object> doc : docs) {
      if (!"Deployment".equals(doc.get("kind"))) {
        continue;
      }
      Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
          .get("template")).get("spec");
      for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
        if (!"rosetta".equals(container.get("name"))) {
          continue;
        }
        gateways++;
        String where = file + " container rosetta";
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> var : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
          env.put((String) var.get("name"), String.valueOf(var.get("value")));
        }
        Main main = gateway((List<String>) container.get("args"), env, mounted, where);
        // The kubelet probes the pod IP: a loopback admin listener would fail every probe.
        assertThat(InetAddress.getByName(main.options.operations.adminBind).isLoopbackAddress())
            .as(where + ": --admin-bind " + main.options.operations.adminBind).isFalse();
        for (Map.Entry<String, String> probe : Map.of("readinessProbe", "/readyz", "livenessProbe", "/healthz").entrySet()) {
          Map<String, Object> http = (Map<String, Object>) ((Map<String, Object>) container.get(probe.getKey())).get("httpGet");
          assertThat(http).as(where + " " + probe.getKey() + " httpGet").isNotNull();
          assertThat(http.get("port")).as(where + " " + probe.getKey() + " port").isEqualTo(main.options.operations.adminPort);
          assertThat(http.get("path")).as(where + " " + probe.getKey() + " path").isEqualTo(probe.getValue());
        }
        long preStop = preStopSeconds(container);
        long grace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
        assertThat(Duration.ofSeconds(grace)).as(where + ": terminationGracePeriodSeconds vs preStop + drain")
            .isGreaterThan(main.options.drainTimeout.plusSeconds(preStop + 2));
      }
    }
    assertThat(gateways).isPositive();
  }

  /** The paths the manifests probe answer 200 on a real gateway's admin listener (and others 404). */
  @Test
  void theProbedPathsAreRealAdminEndpoints() throws Exception {
    Set<String> paths = new TreeSet<>();
    for (String file : List.of("k8s/sidecar.yaml", "k8s/standalone.yaml", "k8s/istio-proxyless.yaml", "Dockerfile")) {
      Matcher m = Pattern.compile("path: (/\\S+?)[,}]|GET (/\\S+) HTTP").matcher(Files.readString(DOCKER.resolve(file)));
      while (m.find()) {
        paths.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    assertThat(paths).containsExactly("/healthz", "/readyz");
    try (GatewayHarness harness = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withAdminPort(0)))) {
      int admin = harness.gateway.adminAddress().getPort();
      for (String path : paths) {
        assertThat(adminStatus(harness, admin, path)).as(path).isEqualTo(200);
      }
      assertThat(adminStatus(harness, admin, "/livez")).as("a path that is no endpoint").isEqualTo(404);
    }
  }

  /** The status of GET {@code path}; readiness may need a moment for the backend channel to connect. */
  private static int adminStatus(GatewayHarness harness, int port, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int status;
    do {
      HttpResponse<String> response = harness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)));
      status = response.statusCode();
    } while (status == 503 && System.nanoTime() < deadline && sleep());
    return status;
  }

  private static boolean sleep() throws InterruptedException {
    Thread.sleep(50);
    return true;
  }

  @SuppressWarnings("unchecked")
  private static long preStopSeconds(Map<String, Object> container) {
    Map<String, Object> lifecycle = (Map<String, Object>) container.get("lifecycle");
    if (lifecycle == null) {
      return 0;
    }
    List<String> command = (List<String>) ((Map<String, Object>) ((Map<String, Object>) lifecycle.get("preStop"))
        .get("exec")).get("command");
    return command.get(0).equals("sleep") ? Long.parseLong(command.get(1)) : 0;
  }
}
