package dev.rosetta.gateway.testing;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The demo's pair, for tests that call the example library API as a user would: the example
 * backend and a gateway in front of it, both on ephemeral loopback ports, the admin listener on
 * one too. Close it after the test class.
 */
public final class LibraryGateway implements AutoCloseable {
  /** The example API's service, the first part of every RPC path. */
  public static final String SERVICE = "rosetta.examples.library.v1.LibraryService";

  public final ExampleBackend backend;
  public final Gateway gateway;

  private LibraryGateway(ExampleBackend backend, Gateway gateway) {
    this.backend = backend;
    this.gateway = gateway;
  }

  public static LibraryGateway start() throws Exception {
    return start(c -> c);
  }

  /** Starts with the gateway's configuration changed by {@code tweak}. */
  public static LibraryGateway start(UnaryOperator<GatewayConfig> tweak) throws Exception {
    return start("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE, tweak);
  }

  /** Starts with the example API read from {@code descriptors} (a variant of it written by a test). */
  public static LibraryGateway start(String descriptors, UnaryOperator<GatewayConfig> tweak) throws Exception {
    ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
    try {
      GatewayConfig config = GatewayHarness.onLoopback(GatewayConfig.of(List.of(descriptors), "127.0.0.1:" + backend.port()));
      config = config.withOperations(config.operations().withAdminPort(0));
      return new LibraryGateway(backend, Gateway.start(tweak.apply(config)));
    } catch (Exception | Error e) {
      backend.close();
      throw e;
    }
  }

  /** {@code config} with CORS for {@code origin} (the gateway's default methods and headers). */
  public static GatewayConfig withCorsFor(GatewayConfig config, String origin) {
    OperationsOptions ops = config.operations();
    return config.withOperations(ops.withCors(new dev.rosetta.gateway.http.CorsPolicy(List.of(origin),
        List.of("GET", "POST"), List.of("Content-Type"), java.time.Duration.ofMinutes(10))));
  }

  public int port() {
    return gateway.address().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The RPC path of the example service's {@code method}. */
  public URI rpc(String method) {
    return URI.create(baseUrl() + "/" + SERVICE + "/" + method);
  }

  public URI admin(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort() + path);
  }

  @Override
  public void close() {
    gateway.close();
    backend.close();
  }
}
