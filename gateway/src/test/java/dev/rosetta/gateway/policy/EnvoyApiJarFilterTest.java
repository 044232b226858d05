package dev.rosetta.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.envoyproxy.envoy.service.auth.v3.ExternalAuthProto;
import io.envoyproxy.envoy.service.ratelimit.v3.RlsProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded gateway.jar keeps only part of Envoy's API jar (gateway/pom.xml's filter for
 * {@code io.envoyproxy.controlplane:api}). Loading a message class loads the descriptors of
 * every file its proto imports, so each imported file's Java package must be kept: this walks
 * the import closure of the two services the gateway calls and checks the filter against it.
 */
class EnvoyApiJarFilterTest {
  @Test
  void theJarFilterKeepsEveryPackageTheServicesMessagesLoad() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher filter = Pattern.compile("<artifact>io.envoyproxy.controlplane:api</artifact>\\s*<includes>(.*?)</includes>",
        Pattern.DOTALL).matcher(pom);
    assertThat(filter.find()).as("gateway/pom.xml filters Envoy's API jar").isTrue();
    Set<String> kept = new HashSet<>();
    Matcher include = Pattern.compile("<include>(.*?)/\\*\\*</include>").matcher(filter.group(1));
    while (include.find()) {
      kept.add(include.group(1));
    }

    Set<String> needed = new TreeSet<>();
    Deque<FileDescriptor> todo = new ArrayDeque<>(List.of(ExternalAuthProto.getDescriptor(), RlsProto.getDescriptor()));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      FileDescriptor file = todo.pop();
      if (!seen.add(file.getName())) {
        continue;
      }
      todo.addAll(file.getDependencies());
      String javaPackage = file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
      // protobuf's own types and google.rpc come from protobuf-java and proto-google-common-protos.
      if (!javaPackage.startsWith("com.google.protobuf") && !javaPackage.equals("com.google.rpc")) {
        needed.add(javaPackage.replace('.', '/'));
      }
    }

    assertThat(kept).containsAll(needed);
  }
}
