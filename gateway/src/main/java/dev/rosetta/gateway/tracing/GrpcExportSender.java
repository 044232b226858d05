package dev.rosetta.gateway.tracing;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The OTLP/gRPC exporter's transport, on grpc-java: the SDK's {@link GrpcSender} SPI implemented
 * with a channel on the gateway's own event loops, so exporting spans needs neither OkHttp nor
 * threads of its own. One unary call per batch, with the exporter's timeout as its deadline and its
 * headers as metadata; {@code https://} endpoints use TLS with the JDK's trust store (or the
 * exporter's). The exporter retries nothing here: a failed batch is dropped and counted by the SDK.
 * Thread safe.
 */
final class GrpcExportSender implements GrpcSender {
  private static final MethodDescriptor.Marshaller<MessageWriter> REQUEST = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(MessageWriter message) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, message.getContentLength()));
      try {
        message.writeMessage(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ByteArrayInputStream(out.toByteArray());
    }

    @Override
    public MessageWriter parse(InputStream stream) {
      throw new UnsupportedOperationException("requests are only sent");
    }
  };
  private static final MethodDescriptor.Marshaller<byte[]> RESPONSE = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final ManagedChannel channel;
  private final MethodDescriptor<MessageWriter, byte[]> method;
  private final GrpcSenderConfig config;

  GrpcExportSender(GrpcSenderConfig config, EventLoopGroup group, Class<? extends Channel> channelType) {
    this.config = config;
    URI endpoint = config.getEndpoint();
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.getHost(), port)
        .eventLoopGroup(group)
        .channelType(channelType)
        .directExecutor()
        .disableRetry();
    if (tls) {
      try {
        builder.sslContext(config.getTrustManager() == null ? GrpcSslContexts.forClient().build()
            : GrpcSslContexts.forClient().trustManager(config.getTrustManager()).build());
      } catch (SSLException e) {
        throw new IllegalArgumentException("cannot set up TLS to the OTLP endpoint " + endpoint + ": " + e.getMessage(), e);
      }
    } else {
      builder.usePlaintext();
    }
    this.channel = builder.build();
    this.method = MethodDescriptor.<MessageWriter, byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(config.getFullMethodName())
        .setRequestMarshaller(REQUEST)
        .setResponseMarshaller(RESPONSE)
        .build();
  }

  @Override
  public void send(MessageWriter request, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    CallOptions options = CallOptions.DEFAULT;
    if (!config.getTimeout().isZero()) {
      options = options.withDeadlineAfter(config.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (config.getCompressor() != null && "gzip".equals(config.getCompressor().getEncoding())) {
      options = options.withCompression("gzip");
    }
    Metadata headers = new Metadata();
    Map<String, List<String>> extra = config.getHeadersSupplier() == null ? null : config.getHeadersSupplier().get();
    if (extra != null) {
      extra.forEach((name, values) -> values.forEach(
          value -> headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value)));
    }
    ClientCall<MessageWriter, byte[]> call = channel.newCall(method, options);
    try {
      call.start(new ClientCall.Listener<>() {
        private byte[] response = new byte[0];

        @Override
        public void onMessage(byte[] message) {
          response = message;
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          onResponse.accept(new Response(status, response));
        }
      }, headers);
      call.request(1);
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException e) {
      call.cancel("export failed", e);
      onError.accept(e);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    channel.shutdownNow();
    return CompletableResultCode.ofSuccess();
  }

  private record Response(Status status, byte[] message) implements GrpcResponse {
    @Override
    public GrpcStatusCode getStatusCode() {
      return GrpcStatusCode.fromValue(status.getCode().value());
    }

    @Override
    public String getStatusDescription() {
      return status.getDescription();
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }
  }
}
