package dev.rosetta.gateway.e2e;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Three named EchoBackend replicas on loopback behind one gateway with a static target list. */
final class Replicas implements AutoCloseable {
  final List<EchoBackend> replicas = new ArrayList<>();
  final Gateway gateway;

  Replicas(UnaryOperator<io.grpc.netty.NettyServerBuilder> server, UnaryOperator<BackendSpec> backend) throws Exception {
    for (int i = 0; i < 3; i++) {
      replicas.add(EchoBackend.startReplica("r" + i, 0, server));
    }
    String target = replicas.stream().map(EchoBackend::target).collect(Collectors.joining(","));
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
        .withBackends(List.of(backend.apply(BackendSpec.of("echo", target, List.of()))));
    gateway = Gateway.start(GatewayHarness.onLoopback(config));
  }

  int port() {
    return gateway.address().getPort();
  }

  /** One GET over {@code http}; the replica that answered, or "status NNN" when it failed. */
  static String call(RawHttp http, String path) throws IOException {
    http.write("GET " + path + " HTTP/1.1\r\nHost: rosetta\r\n\r\n");
    RawHttp.Response response = http.read();
    if (response == null) {
      return "closed";
    }
    return response.status() == 200 ? response.headers().get("grpc-metadata-x-replica") : "status " + response.status();
  }

  /** Sends {@code count} requests over {@code http} and counts who answered. */
  static Map<String, Integer> spread(RawHttp http, int count) throws IOException {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < count; i++) {
      seen.merge(call(http, "/e2e/echo/" + i), 1, Integer::sum);
    }
    return seen;
  }

  /** Sends requests until every name in {@code expected} answered, or {@code millis} pass. */
  static boolean awaitAll(RawHttp http, List<String> expected, long millis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (spread(http, 30).keySet().containsAll(expected)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    for (EchoBackend replica : replicas) {
      replica.close();
    }
  }
}
