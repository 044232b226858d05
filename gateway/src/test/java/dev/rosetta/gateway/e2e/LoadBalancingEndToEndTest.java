package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Request-level balancing over three real replicas, all through ONE kept-alive HTTP connection:
 * the case an L4 load balancer gets wrong, since it pins the connection to one replica.
 */
class LoadBalancingEndToEndTest {
  private static final List<String> ALL = List.of("r0", "r1", "r2");

  @Test
  void everyReplicaGetsAThirdOfTheRequestsOfOneConnection() throws Exception {
    try (Replicas replicas = new Replicas(b -> b, s -> s); RawHttp http = new RawHttp(replicas.port())) {
      assertThat(Replicas.awaitAll(http, ALL, 5_000)).isTrue();
      Map<String, Integer> seen = Replicas.spread(http, 600);
      assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
      for (String replica : ALL) {
        assertThat(seen.get(replica)).as(replica + " of " + seen).isBetween(180, 220);
      }
    }
  }

  @Test
  void pickFirstSendsEveryRequestToOneReplica() throws Exception {
    try (Replicas replicas = new Replicas(b -> b, s -> s.withLoadBalancing(BackendSpec.LoadBalancing.PICK_FIRST));
        RawHttp http = new RawHttp(replicas.port())) {
      Map<String, Integer> seen = Replicas.spread(http, 100);
      assertThat(seen).hasSize(1);
      assertThat(seen.keySet().iterator().next()).isIn(ALL);
    }
  }

  @Test
  void aReplicaReportingNotServingGetsNoRequestsUntilItServesAgain() throws Exception {
    try (Replicas replicas = new Replicas(b -> b, s -> s); RawHttp http = new RawHttp(replicas.port())) {
      assertThat(Replicas.awaitAll(http, ALL, 5_000)).isTrue();
      replicas.replicas.get(1).setServing(false);
      Thread.sleep(300); // the health watch stream pushes the change at once; give it a moment
      Map<String, Integer> seen = Replicas.spread(http, 300);
      assertThat(seen).doesNotContainKey("r1").containsOnlyKeys("r0", "r2");
      replicas.replicas.get(1).setServing(true);
      assertThat(Replicas.awaitAll(http, ALL, 5_000)).isTrue();
    }
  }

  /**
   * The documented window: the request in flight on a killed replica may fail (503); once the
   * channel has seen the connection drop (at once on loopback, within keepalive time elsewhere),
   * no request goes to it. The replica back on its port gets requests within the reconnect
   * interval (here 500 ms) without a gateway restart.
   */
  @Test
  void aKilledReplicaCostsAtMostTheRequestInFlightAndGetsTrafficAgainWhenBack() throws Exception {
    try (Replicas replicas = new Replicas(b -> b, s -> s.withReconnectInterval(Duration.ofMillis(500)));
        RawHttp http = new RawHttp(replicas.port())) {
      assertThat(Replicas.awaitAll(http, ALL, 5_000)).isTrue();
      EchoBackend killed = replicas.replicas.get(2);
      int port = killed.port();
      killed.close();
      List<String> afterKill = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        afterKill.add(Replicas.call(http, "/e2e/echo/" + i));
      }
      // At most the first couple of requests may still meet the dying connection.
      assertThat(afterKill.subList(0, 2)).allMatch(r -> r.equals("r0") || r.equals("r1") || r.equals("status 503"));
      assertThat(afterKill.subList(2, afterKill.size())).allMatch(r -> r.equals("r0") || r.equals("r1"));

      long restarted = System.nanoTime();
      EchoBackend back = EchoBackend.startReplica("r2", port, b -> b);
      replicas.replicas.set(2, back);
      assertThat(Replicas.awaitAll(http, ALL, 5_000)).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted)).isLessThan(3_000);
    }
  }

  /** A backend's max connection age ends connections with GOAWAY; calls move on without failing. */
  @Test
  void connectionsAgedOutByTheBackendFailNoRequest() throws Exception {
    try (Replicas replicas = new Replicas(
            b -> b.maxConnectionAge(300, TimeUnit.MILLISECONDS).maxConnectionAgeGrace(5, TimeUnit.SECONDS), s -> s);
        RawHttp http = new RawHttp(replicas.port())) {
      long end = System.currentTimeMillis() + 1_500;
      int sent = 0;
      List<String> failures = new ArrayList<>();
      while (System.currentTimeMillis() < end) {
        String who = Replicas.call(http, "/e2e/echo/" + sent++);
        if (!ALL.contains(who)) {
          failures.add(who);
        }
      }
      assertThat(sent).isGreaterThan(100);
      assertThat(failures).isEmpty();
    }
  }
}
