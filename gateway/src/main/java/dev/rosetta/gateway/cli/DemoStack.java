package dev.rosetta.gateway.cli;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.StartupPrefetch;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The example library backend in process on a free loopback port, and the gateway in front of
 * it on its embedded descriptor set: what {@code demo} serves ({@code cds-training} runs the backend
 * in a JVM of its own: {@link TrainingBackend}).
 */
record DemoStack(ExampleBackend backend, Gateway gateway) {
  static DemoStack start(GatewayOptions options) throws Exception {
    return start(options, PolicyConfig.NONE);
  }

  /** With the edge {@code policies} ({@code demo --with-auth}'s). */
  static DemoStack start(GatewayOptions options, PolicyConfig policies) throws Exception {
    StartupPrefetch.await(); // before the backend's gRPC server touches Netty
    ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
    try {
      return new DemoStack(backend, Gateway.start(options.toConfig(
          List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE), "127.0.0.1:" + backend.port())
          .withPolicies(policies)));
    } catch (Exception e) {
      backend.close();
      throw e;
    }
  }

  /**
   * Drains as the plain command does: close() alone left the connections open, so a call in
   * flight held the backend channels' shutdown for 5 s whatever --drain-timeout said.
   */
  void drainAndClose(Duration drainTimeout) {
    gateway.drainAndClose(drainTimeout);
    backend.close();
  }
}
