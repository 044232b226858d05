package dev.rosetta.gateway;

import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the gateway is started with, whatever it came from (flags, environment, the
 * configuration file). Immutable; {@code withX} copies go through one {@link Builder}, so a new
 * setting is one component, one builder field and one line in each of the builder's two copies.
 *
 * @param descriptors descriptor set locations: file paths, or {@code classpath:resource}
 * @param backend the default backend's target ({@code host:port}, {@code dns:///name:port},
 *     {@code host1:port1,host2:port2} or {@code xds:///name}); null when {@code backends} has a default
 * @param server the HTTP front end
 * @param codec how JSON is printed and parsed
 * @param codecName which codec implementation: {@code fast} (streaming, the default) or
 *     {@code reference} (protobuf-java-util's JsonFormat)
 * @param ignoreUnknownQueryParameters drop query parameters that name no field instead of a 400
 * @param backendOptions message size and flow-control limits toward backends, and the xDS bootstrap
 * @param backends backends with their services and options; one without services is the
 *     default, whose target {@code backend} replaces when given
 * @param drainTimeout on shutdown, how long requests in flight may take to finish
 * @param operations the admin listener and the access log
 * @param openApi what the OpenAPI document says beyond the routes, and how generated clients reach them
 * @param policies the edge policies (rate limits, JWT, external authorization) of the
 *     configuration file's {@code policies:}; {@link PolicyConfig#NONE} for none
 * @param compat the switches between grpc-gateway/Envoy leniency and strictness (docs/migrating.md)
 * @param configFile the configuration file these settings were read from ({@code --config}); a
 *     reload reads its {@code policies:} again. Null when there is none (flags only)
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
    OpenApiOptions openApi,
    PolicyConfig policies,
    CompatOptions compat,
    Path configFile) {

  public GatewayConfig {
    descriptors = List.copyOf(descriptors);
    backends = List.copyOf(backends);
    compat = compat == null ? CompatOptions.DEFAULTS : compat;
  }

  /** The configuration before backends and drain were configurable (flags only). */
  public GatewayConfig(List<String> descriptors, String backend, ServerOptions server, CodecOptions codec,
      String codecName, boolean ignoreUnknownQueryParameters, BackendOptions backendOptions) {
    this(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters, backendOptions, List.of(),
        Duration.ofSeconds(10), OperationsOptions.defaults(), OpenApiOptions.DEFAULTS, PolicyConfig.NONE,
        CompatOptions.DEFAULTS, null);
  }

  /** A configuration with defaults for everything but the descriptors and the backend. */
  public static GatewayConfig of(List<String> descriptors, String backend) {
    return new GatewayConfig(descriptors, backend, ServerOptions.defaults(), CodecOptions.DEFAULTS, Codecs.FAST,
        false, BackendOptions.DEFAULTS);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public GatewayConfig withBackends(List<BackendSpec> backends) {
    return toBuilder().backends(backends).build();
  }

  public GatewayConfig withBackendOptions(BackendOptions backendOptions) {
    return toBuilder().backendOptions(backendOptions).build();
  }

  public GatewayConfig withDrainTimeout(Duration drainTimeout) {
    return toBuilder().drainTimeout(drainTimeout).build();
  }

  public GatewayConfig withOperations(OperationsOptions operations) {
    return toBuilder().operations(operations).build();
  }

  public GatewayConfig withServer(ServerOptions server) {
    return toBuilder().server(server).build();
  }

  public GatewayConfig withCodec(CodecOptions codec) {
    return toBuilder().codec(codec).build();
  }

  public GatewayConfig withIgnoreUnknownQueryParameters(boolean ignore) {
    return toBuilder().ignoreUnknownQueryParameters(ignore).build();
  }

  public GatewayConfig withCodecName(String codecName) {
    return toBuilder().codecName(codecName).build();
  }

  public GatewayConfig withOpenApi(OpenApiOptions openApi) {
    return toBuilder().openApi(openApi).build();
  }

  public GatewayConfig withPolicies(PolicyConfig policies) {
    return toBuilder().policies(policies).build();
  }

  public GatewayConfig withCompat(CompatOptions compat) {
    return toBuilder().compat(compat).build();
  }

  /** The policies of {@code file}'s {@code policies:}, read again from it at each reload. */
  public GatewayConfig withPolicies(PolicyConfig policies, Path file) {
    return toBuilder().policies(policies).configFile(file).build();
  }

  /** A mutable copy of a configuration, for changing several settings at once. */
  public static final class Builder {
    private List<String> descriptors;
    private String backend;
    private ServerOptions server;
    private CodecOptions codec;
    private String codecName;
    private boolean ignoreUnknownQueryParameters;
    private BackendOptions backendOptions;
    private List<BackendSpec> backends;
    private Duration drainTimeout;
    private OperationsOptions operations;
    private OpenApiOptions openApi;
    private PolicyConfig policies;
    private CompatOptions compat;
    private Path configFile;

    private Builder(GatewayConfig c) {
      descriptors = c.descriptors;
      backend = c.backend;
      server = c.server;
      codec = c.codec;
      codecName = c.codecName;
      ignoreUnknownQueryParameters = c.ignoreUnknownQueryParameters;
      backendOptions = c.backendOptions;
      backends = c.backends;
      drainTimeout = c.drainTimeout;
      operations = c.operations;
      openApi = c.openApi;
      policies = c.policies;
      compat = c.compat;
      configFile = c.configFile;
    }

    public GatewayConfig build() {
      return new GatewayConfig(descriptors, backend, server, codec, codecName, ignoreUnknownQueryParameters,
          backendOptions, backends, drainTimeout, operations, openApi, policies, compat,
          configFile);
    }

    public Builder descriptors(List<String> value) {
      descriptors = value;
      return this;
    }

    public Builder backend(String value) {
      backend = value;
      return this;
    }

    public Builder server(ServerOptions value) {
      server = value;
      return this;
    }

    public Builder codec(CodecOptions value) {
      codec = value;
      return this;
    }

    public Builder codecName(String value) {
      codecName = value;
      return this;
    }

    public Builder ignoreUnknownQueryParameters(boolean value) {
      ignoreUnknownQueryParameters = value;
      return this;
    }

    public Builder backendOptions(BackendOptions value) {
      backendOptions = value;
      return this;
    }

    public Builder backends(List<BackendSpec> value) {
      backends = value;
      return this;
    }

    public Builder drainTimeout(Duration value) {
      drainTimeout = value;
      return this;
    }

    public Builder operations(OperationsOptions value) {
      operations = value;
      return this;
    }

    public Builder openApi(OpenApiOptions value) {
      openApi = value;
      return this;
    }

    public Builder policies(PolicyConfig value) {
      policies = value;
      return this;
    }

    public Builder compat(CompatOptions value) {
      compat = value;
      return this;
    }

    public Builder configFile(Path value) {
      configFile = value;
      return this;
    }
  }
}
