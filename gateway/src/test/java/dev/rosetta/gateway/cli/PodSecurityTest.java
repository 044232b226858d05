package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in docker/k8s pass the restricted Pod Security Standard (as a namespace
 * labelled pod-security.kubernetes.io/enforce=restricted checks it, plus a read-only root
 * filesystem with /tmp writable), size the gateway's memory from docker/jvm.options, and come with
 * a PodDisruptionBudget and a HorizontalPodAutoscaler for their Deployment. Flags, probes and grace
 * periods are DeploymentManifestsTest's.
 */
@SuppressWarnings("unchecked")
class PodSecurityTest {
  private static final Path K8S = Path.of("../docker/k8s");
  /** Volume types the restricted profile allows. */
  private static final Set<String> VOLUMES = Set.of(
      "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

  private static List<Map<String, Object>> load(String file) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(K8S.resolve(file)))) {
      docs.add((Map<String, Object>) doc);
    }
    return docs;
  }

  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object value = m.get(key);
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  private static List<Map<String, Object>> of(String kind, List<Map<String, Object>> docs) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> pod(Map<String, Object> deployment) {
    return map(map(map(deployment, "spec"), "template"), "spec");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar.yaml", "standalone.yaml", "istio-proxyless.yaml"})
  void everyPodPassesTheRestrictedPodSecurityStandard(String file) throws Exception {
    for (Map<String, Object> deployment : of("Deployment", load(file))) {
      Map<String, Object> pod = pod(deployment);
      String where = file + " " + map(deployment, "metadata").get("name");
      for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
        assertThat(pod.get(host)).as(where + " " + host).isNotEqualTo(true);
      }
      Map<String, Object> podContext = map(pod, "securityContext");
      Map<String, Object> emptyDirs = new java.util.HashMap<>();
      for (Map<String, Object> volume : (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of())) {
        Set<String> types = new java.util.HashSet<>(volume.keySet());
        types.remove("name");
        assertThat(VOLUMES).as(where + " volume " + volume.get("name")).containsAll(types);
        if (volume.containsKey("emptyDir")) {
          emptyDirs.put((String) volume.get("name"), volume);
        }
      }
      for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
        String c = where + " container " + container.get("name");
        Map<String, Object> context = map(container, "securityContext");
        assertThat(context.get("privileged")).as(c + " privileged").isNotEqualTo(true);
        assertThat(context.get("allowPrivilegeEscalation")).as(c + " allowPrivilegeEscalation").isEqualTo(false);
        Map<String, Object> capabilities = map(context, "capabilities");
        assertThat((List<String>) capabilities.getOrDefault("drop", List.of())).as(c + " capabilities.drop").contains("ALL");
        assertThat((List<String>) capabilities.getOrDefault("add", List.of())).as(c + " capabilities.add")
            .isSubsetOf("NET_BIND_SERVICE");
        assertThat(context.getOrDefault("runAsNonRoot", podContext.get("runAsNonRoot"))).as(c + " runAsNonRoot").isEqualTo(true);
        Object user = context.getOrDefault("runAsUser", podContext.get("runAsUser"));
        assertThat(user).as(c + " runAsUser").isNotNull().isNotEqualTo(0);
        Map<String, Object> seccomp = map(context.containsKey("seccompProfile") ? context : podContext, "seccompProfile");
        assertThat(seccomp.get("type")).as(c + " seccompProfile").isIn("RuntimeDefault", "Localhost");
        for (Map<String, Object> port : (List<Map<String, Object>>) container.getOrDefault("ports", List.of())) {
          assertThat(port).as(c + " hostPort").doesNotContainKey("hostPort");
        }
        // Read-only root, and /tmp writable on an emptyDir: Netty unpacks its native library there.
        assertThat(context.get("readOnlyRootFilesystem")).as(c + " readOnlyRootFilesystem").isEqualTo(true);
        assertThat((List<Map<String, Object>>) container.getOrDefault("volumeMounts", List.of()))
            .as(c + " mounts an emptyDir at /tmp")
            .anyMatch(m -> "/tmp".equals(m.get("mountPath")) && emptyDirs.containsKey(m.get("name")) && m.get("readOnly") == null);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar.yaml", "standalone.yaml", "istio-proxyless.yaml"})
  void theGatewaysMemoryFitsWhatTheShippedFlagsAllow(String file) throws Exception {
    long heap = 0;
    long direct = 0;
    for (String option : Files.readAllLines(Path.of("../docker/jvm.options"))) {
      if (option.startsWith("-Xmx")) {
        heap = mebibytes(option.substring(4));
      } else if (option.startsWith("-XX:MaxDirectMemorySize=")) {
        direct = mebibytes(option.substring(option.indexOf('=') + 1));
      }
    }
    assertThat(heap).isPositive();
    assertThat(direct).isPositive();
    int gateways = 0;
    for (Map<String, Object> deployment : of("Deployment", load(file))) {
      for (Map<String, Object> container : (List<Map<String, Object>>) pod(deployment).get("containers")) {
        if (!"rosetta".equals(container.get("name"))) {
          continue;
        }
        gateways++;
        Map<String, Object> resources = map(container, "resources");
        long request = mebibytes((String) map(resources, "requests").get("memory"));
        long limit = mebibytes((String) map(resources, "limits").get("memory"));
        // The heap may grow to -Xmx (a body at the limit): the request covers it.
        assertThat(request).as(file + " memory request vs heap").isGreaterThan(heap);
        // Heap and direct memory at their bounds, plus ~90 MiB of class metadata, code and threads,
        // must stay under the limit, or the kernel kills the pod before the JVM can say why.
        assertThat(limit).as(file + " memory limit vs heap + direct + non-heap").isGreaterThanOrEqualTo(heap + direct + 90);
        assertThat(map(resources, "requests")).as(file + " cpu request").containsKey("cpu");
      }
    }
    assertThat(gateways).isPositive();
  }

  private static long mebibytes(String quantity) {
    String q = quantity.trim();
    if (q.endsWith("Mi")) {
      return Long.parseLong(q.substring(0, q.length() - 2));
    }
    if (q.endsWith("Gi")) {
      return Long.parseLong(q.substring(0, q.length() - 2)) * 1024;
    }
    if (q.endsWith("m") || q.endsWith("M")) {
      return Long.parseLong(q.substring(0, q.length() - 1));
    }
    if (q.endsWith("g") || q.endsWith("G")) {
      return Long.parseLong(q.substring(0, q.length() - 1)) * 1024;
    }
    throw new IllegalArgumentException("not a size in MiB or GiB: " + quantity);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sidecar.yaml", "standalone.yaml", "istio-proxyless.yaml"})
  void theGatewaysDeploymentHasADisruptionBudgetAndAnAutoscaler(String file) throws Exception {
    List<Map<String, Object>> docs = load(file);
    Map<String, Object> gateway = of("Deployment", docs).stream()
        .filter(d -> ((List<Map<String, Object>>) pod(d).get("containers")).stream().anyMatch(c -> "rosetta".equals(c.get("name"))))
        .findFirst().orElseThrow();
    Map<String, Object> labels = map(map(map(gateway, "spec"), "template"), "metadata");
    Map<String, Object> podLabels = map(labels, "labels");
    assertThat(of("PodDisruptionBudget", docs)).as(file + ": a PodDisruptionBudget for the gateway's pods")
        .anyMatch(pdb -> podLabels.entrySet().containsAll(map(map(map(pdb, "spec"), "selector"), "matchLabels").entrySet())
            && (map(pdb, "spec").containsKey("minAvailable") || map(pdb, "spec").containsKey("maxUnavailable")));
    String name = (String) map(gateway, "metadata").get("name");
    assertThat(of("HorizontalPodAutoscaler", docs)).as(file + ": an autoscaler for Deployment " + name)
        .anyMatch(hpa -> {
          Map<String, Object> spec = map(hpa, "spec");
          Map<String, Object> target = map(spec, "scaleTargetRef");
          return "Deployment".equals(target.get("kind")) && name.equals(target.get("name"))
              && ((Number) spec.get("minReplicas")).intValue() >= 2;
        });
  }
}
