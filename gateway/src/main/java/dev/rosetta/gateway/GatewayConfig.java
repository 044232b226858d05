package dev.rosetta.gateway;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.http.ServerOptions;
import java.time.Duration;
import java.util.List;

/**
 * Everything the gateway is started with, whatever it came from (flags, environment, later a
 * file). Immutable.
 *
 * @param descriptors descriptor set locations: file paths, or {@code classpath:resource}
 * @param backend the default backend's target ({@code host:port}, {@code dns:///name:port} or
 *     {@code host1:port1,host2:port2}); null when {@code backends} has a default
 * @param server the HTTP front end
 * @param codec how JSON is printed and parsed
 * @param codecName which codec implementation: {@code fast} (streaming, the default) or
 *     {@code reference} (protobuf-java-util's JsonFormat)
 * @param ignoreUnknownQueryParameters drop query parameters that name no field instead of a 400
 * @param backendOptions message size and flow-control limits toward backends
 * @param backends backends with their services and options; one without services is the
 *     default, whose target {@code backend} replaces when given
 * @param drainTimeout on shutdown, how long requests in flight may take to finish
 * @param operations the admin listener and the access log
 * @param compat the switches between grpc-gateway/Envoy leniency and strictness (docs/migrating.md)
 */
public record GatewayConfig(
    List<String> descriptors,
    String backend,
    ServerOptions server,
    CodecOptions codec,
    String codecName,
    boolean ignoreUnknownQueryParameters,
    BackendOptions backendOptions,
    List<BackendSpec> backends,
    Duration drainTimeout,
    OperationsOptions operations,
    CompatOptions compat) {

  public GatewayConfig {
    descriptors = List.copyOf(descriptors);
    backends = List.copyOf(backends);
    compat = compat == null ? CompatOptions.DEFAULTS : compat;
  }

  /** A configuration with the default compatibility switches. */
  public GatewayConfig(List<String> descriptors, String backend, ServerOptions server, CodecOptions codec,
      String codecName, boolean ignoreUnknownQueryParameters, BackendOptions backendOptions,
      List<BackendSpec> backends, Duration drainTimeout, OperationsOptions operations) {
    this(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, backends,
        drainTimeout, operations, CompatOptions.DEFAULTS);
  }

  /** The configuration before backends and drain were configurable (flags only). */
  public GatewayConfig(List<String> descriptors, String backend, ServerOptions server, CodecOptions codec,
      String codecName, boolean ignoreUnknownQueryParameters, BackendOptions backendOptions) {
    this(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, List.of(),
        Duration.ofSeconds(10), OperationsOptions.defaults());
  }

  /** A configuration with defaults for everything but the descriptors and the backend. */
  public static GatewayConfig of(List<String> descriptors, String backend) {
    return new GatewayConfig(descriptors, backend, ServerOptions.defaults(), CodecOptions.DEFAULTS, Codecs.FAST,
        false, BackendOptions.DEFAULTS);
  }

  public GatewayConfig withBackends(List<BackendSpec> backends) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions,
        backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withBackendOptions(BackendOptions backendOptions) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions,
        backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withDrainTimeout(Duration drainTimeout) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions,
        backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withOperations(OperationsOptions operations) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions,
        backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withServer(ServerOptions server) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withCodec(CodecOptions codec) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withIgnoreUnknownQueryParameters(boolean ignore) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignore, backendOptions, backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withCodecName(String codecName) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, backends, drainTimeout, operations, compat);
  }

  public GatewayConfig withCompat(CompatOptions compat) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, backends, drainTimeout, operations, compat);
  }
}
