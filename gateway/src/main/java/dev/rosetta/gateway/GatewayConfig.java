package dev.rosetta.gateway;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.http.ServerOptions;
import java.util.List;

/**
 * Everything the gateway is started with, whatever it came from (flags, environment, later a
 * file). Immutable.
 *
 * @param descriptors descriptor set locations: file paths, or {@code classpath:resource}
 * @param backend the target every service is called on, {@code host:port}
 * @param server the HTTP front end
 * @param codec how JSON is printed and parsed
 * @param codecName which codec implementation: {@code fast} (streaming, the default) or
 *     {@code reference} (protobuf-java-util's JsonFormat)
 * @param ignoreUnknownQueryParameters drop query parameters that name no field instead of a 400
 * @param backendOptions message size and flow-control limits toward backends
 * @param operations the admin listener and the access log
 */
public record GatewayConfig(
    List<String> descriptors,
    String backend,
    ServerOptions server,
    CodecOptions codec,
    String codecName,
    boolean ignoreUnknownQueryParameters,
    BackendOptions backendOptions,
    OperationsOptions operations) {

  public GatewayConfig {
    descriptors = List.copyOf(descriptors);
  }

  /** A configuration with defaults for everything but the descriptors and the backend. */
  public static GatewayConfig of(List<String> descriptors, String backend) {
    return new GatewayConfig(descriptors, backend, ServerOptions.defaults(), CodecOptions.DEFAULTS, Codecs.FAST,
        false, BackendOptions.DEFAULTS, OperationsOptions.defaults());
  }

  public GatewayConfig withServer(ServerOptions server) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, operations);
  }

  public GatewayConfig withOperations(OperationsOptions operations) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, operations);
  }

  public GatewayConfig withCodec(CodecOptions codec) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, operations);
  }

  public GatewayConfig withIgnoreUnknownQueryParameters(boolean ignore) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignore, backendOptions, operations);
  }

  public GatewayConfig withCodecName(String codecName) {
    return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, operations);
  }
}
