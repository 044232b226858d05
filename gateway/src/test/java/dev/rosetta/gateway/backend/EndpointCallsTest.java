package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Calls per endpoint stay countable and bounded however many addresses come and go. */
class EndpointCallsTest {
  private final AtomicLong now = new AtomicLong();
  private final EndpointCalls calls = new EndpointCalls(now::get);

  private static InetSocketAddress address(int i) {
    return new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 9090);
  }

  @Test
  void callsAreCountedByAddressAndCode() {
    calls.record(address(0), Status.Code.OK);
    calls.record(address(0), Status.Code.OK);
    calls.record(address(0), Status.Code.UNAVAILABLE);
    calls.record(address(1), Status.Code.OK);
    calls.record(null, Status.Code.DEADLINE_EXCEEDED);
    assertThat(calls.snapshot()).containsExactly(
        new EndpointStats("10.0.0.1:9090", Map.of("OK", 2L, "UNAVAILABLE", 1L)),
        new EndpointStats("10.0.0.2:9090", Map.of("OK", 1L)),
        new EndpointStats("none", Map.of("DEADLINE_EXCEEDED", 1L)));
  }

  @Test
  void addressesBeyondTheBoundCountAsOtherWhileNoneIsIdle() {
    for (int i = 0; i < EndpointCalls.MAX_ENDPOINTS + 10; i++) {
      calls.record(address(i), Status.Code.OK);
    }
    List<EndpointStats> seen = calls.snapshot();
    assertThat(seen).hasSize(EndpointCalls.MAX_ENDPOINTS + 1);
    assertThat(seen).contains(new EndpointStats("other", Map.of("OK", 10L)));
  }

  @Test
  void anAddressIdleForTenMinutesMakesRoomForANewOne() {
    for (int i = 0; i < EndpointCalls.MAX_ENDPOINTS; i++) {
      calls.record(address(i), Status.Code.OK);
    }
    now.addAndGet(TimeUnit.MINUTES.toNanos(EndpointCalls.IDLE_MINUTES) + 1);
    calls.record(address(7), Status.Code.OK); // still in use: stays
    calls.record(address(1_000), Status.Code.OK);
    List<String> addresses = calls.snapshot().stream().map(EndpointStats::address).toList();
    assertThat(addresses).containsExactlyInAnyOrder("10.0.0.8:9090", "10.0.4.1:9090");
  }
}
