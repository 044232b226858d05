package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.http.ConnectionLimits;
import dev.rosetta.gateway.http.HeaderRules;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.http.StreamFormat;
import dev.rosetta.gateway.http.StreamOptions;
import dev.rosetta.gateway.http.TlsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags every way of running the gateway shares (the main command and {@code demo}). Each
 * flag also reads an environment variable, named in its description; a flag given on the
 * command line wins over the variable.
 */
@Command(addMethodSubcommands = false)
final class GatewayOptions {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:ROSETTA_PORT:-8080}",
      description = "HTTP port to listen on (env ROSETTA_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:ROSETTA_BIND:-0.0.0.0}",
      description = "Address to listen on (env ROSETTA_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_TIMEOUT:-30s}",
      converter = Converters.DurationConverter.class,
      description = "Deadline of a backend call when the request has no Grpc-Timeout header, e.g. 500ms, 30s, 2m; "
          + "0 for none (env ROSETTA_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--max-body-size", paramLabel = "BYTES", defaultValue = "${env:ROSETTA_MAX_BODY_SIZE:-16MiB}",
      converter = Converters.SizeConverter.class,
      description = "Largest request body accepted, e.g. 1048576, 512KiB, 16MiB; larger bodies get 413 "
          + "(env ROSETTA_MAX_BODY_SIZE, default ${DEFAULT-VALUE}).")
  int maxBodySize;

  @Option(names = "--preserve-proto-field-names", defaultValue = "${env:ROSETTA_PRESERVE_PROTO_FIELD_NAMES:-false}",
      description = "Print JSON with proto field names (page_size) instead of lowerCamel (pageSize) "
          + "(env ROSETTA_PRESERVE_PROTO_FIELD_NAMES).")
  boolean preserveProtoFieldNames;

  @Option(names = "--emit-defaults", defaultValue = "${env:ROSETTA_EMIT_DEFAULTS:-false}",
      description = "Print fields that hold their default value (0, \"\", false, []) (env ROSETTA_EMIT_DEFAULTS).")
  boolean emitDefaults;

  @Option(names = "--enums-as-ints", defaultValue = "${env:ROSETTA_ENUMS_AS_INTS:-false}",
      description = "Print enum values as numbers instead of names (env ROSETTA_ENUMS_AS_INTS).")
  boolean enumsAsInts;

  @Option(names = "--ignore-unknown-fields", defaultValue = "${env:ROSETTA_IGNORE_UNKNOWN_FIELDS:-false}",
      description = "Accept and drop JSON body fields the message does not declare, instead of a 400 "
          + "(env ROSETTA_IGNORE_UNKNOWN_FIELDS).")
  boolean ignoreUnknownFields;

  @Option(names = "--ignore-unknown-query-parameters",
      defaultValue = "${env:ROSETTA_IGNORE_UNKNOWN_QUERY_PARAMETERS:-false}",
      description = "Drop query parameters that name no request field, instead of a 400 "
          + "(env ROSETTA_IGNORE_UNKNOWN_QUERY_PARAMETERS).")
  boolean ignoreUnknownQueryParameters;

  @Option(names = "--forward-header", paramLabel = "GLOB", split = ",", defaultValue = "${env:ROSETTA_FORWARD_HEADERS}",
      description = "Forward only request headers whose name matches, e.g. 'x-*' (repeatable; default: all but "
          + "hop-by-hop and reserved ones) (env ROSETTA_FORWARD_HEADERS, comma-separated).")
  List<String> forwardHeaders = new ArrayList<>();

  @Option(names = "--drop-header", paramLabel = "GLOB", split = ",", defaultValue = "${env:ROSETTA_DROP_HEADERS}",
      description = "Never forward request headers whose name matches, e.g. 'cookie' (repeatable) "
          + "(env ROSETTA_DROP_HEADERS, comma-separated).")
  List<String> dropHeaders = new ArrayList<>();

  @Option(names = "--codec", paramLabel = "NAME", defaultValue = "${env:ROSETTA_CODEC:-fast}",
      description = "JSON codec: fast (streams between JSON and protobuf wire bytes) or reference "
          + "(protobuf-java-util JsonFormat) (env ROSETTA_CODEC, default ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = "--stream-format", paramLabel = "FORMAT", defaultValue = "${env:ROSETTA_STREAM_FORMAT:-array}",
      converter = StreamFormatConverter.class,
      description = "Framing of server-streamed responses when Accept names none: array (a JSON array written "
          + "incrementally), ndjson, sse or grpc-gateway ({\"result\": ...} per line, as grpc-gateway sends) "
          + "(env ROSETTA_STREAM_FORMAT, default ${DEFAULT-VALUE}).")
  StreamFormat streamFormat;

  @Option(names = "--sse-heartbeat", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_SSE_HEARTBEAT:-15s}",
      converter = Converters.DurationConverter.class,
      description = "Interval of the comment line that keeps an idle Server-Sent Events stream open; 0 for none "
          + "(env ROSETTA_SSE_HEARTBEAT, default ${DEFAULT-VALUE}).")
  Duration sseHeartbeat;

  @Mixin OperationsFlags operations;

  @Mixin XdsFlags xds;
  @Mixin OpenApiFlags openApi;
  @Mixin LoggingFlags logging;
  @Mixin CompatFlags compat;
  @Mixin RuntimeFlags runtime;

  @Mixin ProtocolFlags protocols;

  @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "${env:ROSETTA_MAX_MESSAGE_SIZE:-16MiB}",
      converter = Converters.SizeConverter.class,
      description = "Largest gRPC message sent to or accepted from a backend; never below --max-body-size "
          + "(env ROSETTA_MAX_MESSAGE_SIZE, default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_DRAIN_TIMEOUT:-10s}",
      converter = Converters.DurationConverter.class,
      description = "On SIGTERM, how long requests in flight may take to finish before connections are cut "
          + "(env ROSETTA_DRAIN_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  // Hardening limits and TLS on the front (docs/limits.md, docs/security.md).
  @Option(names = "--max-request-line", paramLabel = "BYTES", defaultValue = "${env:ROSETTA_MAX_REQUEST_LINE:-8KiB}",
      converter = Converters.SizeConverter.class,
      description = "Longest request line (method, target, version) accepted; longer gets 414 "
          + "(env ROSETTA_MAX_REQUEST_LINE, default ${DEFAULT-VALUE}).")
  int maxRequestLine;

  @Option(names = "--max-header-size", paramLabel = "BYTES", defaultValue = "${env:ROSETTA_MAX_HEADER_SIZE:-16KiB}",
      converter = Converters.SizeConverter.class,
      description = "Largest request header block accepted; larger gets 431 (env ROSETTA_MAX_HEADER_SIZE, default ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  @Option(names = "--max-headers", paramLabel = "COUNT", defaultValue = "${env:ROSETTA_MAX_HEADERS:-100}",
      description = "Most header fields a request may carry; more gets 431 (env ROSETTA_MAX_HEADERS, default ${DEFAULT-VALUE}).")
  int maxHeaders;

  @Option(names = "--max-connections", paramLabel = "COUNT", defaultValue = "${env:ROSETTA_MAX_CONNECTIONS:-10000}",
      description = "Most client connections open at once; the next is answered 503 and closed; 0 for no limit "
          + "(env ROSETTA_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_IDLE_TIMEOUT:-60s}",
      converter = Converters.DurationConverter.class,
      description = "Close a keep-alive connection with no request under way after this; 0 for never "
          + "(env ROSETTA_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--request-read-timeout", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_REQUEST_READ_TIMEOUT:-30s}",
      converter = Converters.DurationConverter.class,
      description = "A request's head and body must arrive within this from its first byte, else 408 and close; "
          + "0 for no limit (env ROSETTA_REQUEST_READ_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration requestReadTimeout;

  @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:ROSETTA_TLS_CERT}",
      description = "Serve HTTPS with this PEM certificate chain (needs --tls-key; reloaded when it changes) (env ROSETTA_TLS_CERT).")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:ROSETTA_TLS_KEY}",
      description = "The PEM (PKCS#8) private key of --tls-cert (env ROSETTA_TLS_KEY).")
  java.nio.file.Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM", defaultValue = "${env:ROSETTA_TLS_CLIENT_CA}",
      description = "Require client certificates issued by these PEM CA certificates (env ROSETTA_TLS_CLIENT_CA).")
  java.nio.file.Path tlsClientCa;

  @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "${env:ROSETTA_HTTPS_PORT:--1}",
      description = "With --tls-cert: serve HTTPS on this port and keep plain HTTP on --port; without it, --port "
          + "serves HTTPS only (env ROSETTA_HTTPS_PORT).")
  int httpsPort;

  /** The configuration these flags describe, for the given descriptors and backend. */
  GatewayConfig toConfig(List<String> descriptors, String backend) {
    ServerOptions defaults = ServerOptions.defaults();
    ServerOptions server = new ServerOptions(bind, port, maxRequestLine, maxHeaderSize,
        maxBodySize, timeout, new HeaderRules(nonNull(forwardHeaders), nonNull(dropHeaders)),
        new ConnectionLimits(maxHeaders, maxConnections, idleTimeout, requestReadTimeout), tls(),
        new StreamOptions(streamFormat, sseHeartbeat), protocols.toOptions());
    CodecOptions codecOptions = new CodecOptions(preserveProtoFieldNames, emitDefaults, enumsAsInts, ignoreUnknownFields);
    BackendOptions backendOptions = new BackendOptions(
        Math.max(maxMessageSize, maxBodySize), BackendOptions.DEFAULTS.flowControlWindowBytes(),
        xds.toOptions(System.getenv()));
    return new GatewayConfig(descriptors, backend, server, codecOptions, codec, ignoreUnknownQueryParameters, backendOptions)
        .withDrainTimeout(drainTimeout)
        .withOperations(operations.toOptions())
        .withOpenApi(openApi.over(dev.rosetta.gateway.openapi.OpenApiOptions.DEFAULTS))
        .withCompat(compat.toOptions())
        .withRuntime(runtime.toOptions());
  }

  private TlsOptions tls() {
    if (tlsCert == null && tlsKey == null) {
      if (tlsClientCa != null || httpsPort >= 0) {
        throw new IllegalArgumentException("--tls-client-ca and --https-port need --tls-cert and --tls-key");
      }
      return null;
    }
    if (tlsCert == null || tlsKey == null) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    return new TlsOptions(tlsCert, tlsKey, tlsClientCa, httpsPort, Duration.ofSeconds(10));
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static final class StreamFormatConverter implements picocli.CommandLine.ITypeConverter<StreamFormat> {
    @Override
    public StreamFormat convert(String value) {
      try {
        return StreamFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
