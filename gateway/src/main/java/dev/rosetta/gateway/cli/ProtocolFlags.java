package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.http.ProtocolOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** HTTP/2, compression and native gRPC flags (docs/limits.md, docs/configuration.md), mixed into {@link GatewayOptions}. */
@Command(addMethodSubcommands = false)
final class ProtocolFlags {
  @Option(names = "--http2", negatable = true, defaultValue = "${env:ROSETTA_HTTP2:-true}", fallbackValue = "true",
      description = "Serve HTTP/2: h2 by ALPN on TLS, h2c (prior knowledge and Upgrade: h2c) in cleartext "
          + "(--no-http2 for HTTP/1.1 only; env ROSETTA_HTTP2, default ${DEFAULT-VALUE}).")
  boolean http2;

  @Option(names = "--http2-max-streams", paramLabel = "COUNT", defaultValue = "${env:ROSETTA_HTTP2_MAX_STREAMS:-100}",
      description = "Streams an HTTP/2 client may have open at once on a connection; more are refused "
          + "(env ROSETTA_HTTP2_MAX_STREAMS, default ${DEFAULT-VALUE}).")
  int maxStreams;

  @Option(names = "--http2-max-header-list-size", paramLabel = "BYTES",
      defaultValue = "${env:ROSETTA_HTTP2_MAX_HEADER_LIST_SIZE:-16KiB}", converter = Converters.SizeConverter.class,
      description = "Largest HTTP/2 request header list (names, values, 32 bytes a field); larger gets 431 "
          + "(env ROSETTA_HTTP2_MAX_HEADER_LIST_SIZE, default ${DEFAULT-VALUE}).")
  int maxHeaderListSize;

  @Option(names = "--http2-max-frame-size", paramLabel = "BYTES",
      defaultValue = "${env:ROSETTA_HTTP2_MAX_FRAME_SIZE:-16KiB}", converter = Converters.SizeConverter.class,
      description = "Largest HTTP/2 frame a client may send, 16KiB to 16MiB "
          + "(env ROSETTA_HTTP2_MAX_FRAME_SIZE, default ${DEFAULT-VALUE}).")
  int maxFrameSize;

  @Option(names = "--http2-stream-window", paramLabel = "BYTES",
      defaultValue = "${env:ROSETTA_HTTP2_STREAM_WINDOW:-1MiB}", converter = Converters.SizeConverter.class,
      description = "HTTP/2 flow-control window of each stream: request body a client may send ahead of the "
          + "gateway's reading (env ROSETTA_HTTP2_STREAM_WINDOW, default ${DEFAULT-VALUE}).")
  int streamWindow;

  @Option(names = "--http2-connection-window", paramLabel = "BYTES",
      defaultValue = "${env:ROSETTA_HTTP2_CONNECTION_WINDOW:-1MiB}", converter = Converters.SizeConverter.class,
      description = "HTTP/2 flow-control window of a connection, all its streams together "
          + "(env ROSETTA_HTTP2_CONNECTION_WINDOW, default ${DEFAULT-VALUE}).")
  int connectionWindow;

  @Option(names = "--http2-max-resets", paramLabel = "COUNT", defaultValue = "${env:ROSETTA_HTTP2_MAX_RESETS:-200}",
      description = "Stream resets (RST_STREAM) an HTTP/2 client may send in 30 s before its connection is closed "
          + "(rapid reset); 0 for no limit (env ROSETTA_HTTP2_MAX_RESETS, default ${DEFAULT-VALUE}).")
  int maxResets;

  @Option(names = "--http2-send-timeout", paramLabel = "DURATION",
      defaultValue = "${env:ROSETTA_HTTP2_SEND_TIMEOUT:-30s}", converter = Converters.DurationConverter.class,
      description = "Reset an HTTP/2 stream whose response makes no progress this long because the client keeps "
          + "its flow-control window closed; 0 for never (env ROSETTA_HTTP2_SEND_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration sendTimeout;

  @Option(names = "--compression", negatable = true, defaultValue = "${env:ROSETTA_COMPRESSION:-true}",
      fallbackValue = "true",
      description = "Compress JSON and other text responses with gzip or deflate when Accept-Encoding asks "
          + "(--no-compression to turn off; env ROSETTA_COMPRESSION, default ${DEFAULT-VALUE}).")
  boolean compression;

  @Option(names = "--compression-min-size", paramLabel = "BYTES",
      defaultValue = "${env:ROSETTA_COMPRESSION_MIN_SIZE:-1KiB}", converter = Converters.SizeConverter.class,
      description = "Whole responses smaller than this go out uncompressed; streams are always compressed "
          + "(env ROSETTA_COMPRESSION_MIN_SIZE, default ${DEFAULT-VALUE}).")
  int compressionMinSize;

  @Option(names = "--request-decompression", negatable = true,
      defaultValue = "${env:ROSETTA_REQUEST_DECOMPRESSION:-true}", fallbackValue = "true",
      description = "Decode request bodies sent with Content-Encoding gzip or deflate (--no-request-decompression: "
          + "such bodies get 415; env ROSETTA_REQUEST_DECOMPRESSION, default ${DEFAULT-VALUE}).")
  boolean requestDecompression;

  @Option(names = "--max-decompression-ratio", paramLabel = "RATIO",
      defaultValue = "${env:ROSETTA_MAX_DECOMPRESSION_RATIO:-200}",
      description = "A compressed request body may decode to at most this many times its size (past 64KiB); more "
          + "gets 413; 0 for no limit (env ROSETTA_MAX_DECOMPRESSION_RATIO, default ${DEFAULT-VALUE}).")
  int maxDecompressionRatio;

  @Option(names = "--grpc-passthrough-unknown", negatable = true,
      defaultValue = "${env:ROSETTA_GRPC_PASSTHROUGH_UNKNOWN:-false}", fallbackValue = "true",
      description = "Forward native gRPC calls of methods no descriptor set holds, bytes through, to the default "
          + "backend instead of answering UNIMPLEMENTED (env ROSETTA_GRPC_PASSTHROUGH_UNKNOWN, default ${DEFAULT-VALUE}).")
  boolean grpcPassthroughUnknown;

  @Option(names = "--grpc-reflection", negatable = true,
      defaultValue = "${env:ROSETTA_GRPC_REFLECTION:-true}", fallbackValue = "true",
      description = "Answer gRPC server reflection (grpc.reflection.v1 and v1alpha) from the loaded descriptor sets, "
          + "for grpcurl and other tools (--no-grpc-reflection: UNIMPLEMENTED; env ROSETTA_GRPC_REFLECTION, "
          + "default ${DEFAULT-VALUE}).")
  boolean grpcReflection;

  ProtocolOptions toOptions() {
    return new ProtocolOptions(
        new ProtocolOptions.Http2(http2, maxStreams, maxHeaderListSize, maxFrameSize, streamWindow, connectionWindow,
            maxResets, sendTimeout),
        new ProtocolOptions.Compression(compression, compressionMinSize, requestDecompression, maxDecompressionRatio),
        new ProtocolOptions.Grpc(grpcPassthroughUnknown, grpcReflection));
  }
}
