package dev.rosetta.gateway.testing;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real OTLP trace receiver on an ephemeral loopback port, as a collector or Jaeger would be: the
 * collector's {@code TraceService} over gRPC (from {@code opentelemetry-proto}), or
 * {@code POST /v1/traces} with a protobuf body over HTTP. Keeps every span received, with its resource.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** A span as received, with the resource it came with. */
  public record Received(Resource resource, Span span) {
    public String name() {
      return span.getName();
    }

    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    /** An attribute's value as text (strings as they are, numbers in decimal); empty when absent. */
    public Optional<String> attribute(String key) {
      return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst().map(a -> {
        var v = a.getValue();
        return v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue())
            : v.hasDoubleValue() ? Double.toString(v.getDoubleValue()) : v.toString();
      });
    }

    public Optional<String> resourceAttribute(String key) {
      return resource.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
          .map(a -> a.getValue().getStringValue());
    }
  }

  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final Server grpc;
  private final HttpServer http;

  private OtlpReceiver(boolean overGrpc) throws IOException {
    if (overGrpc) {
      grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
              keep(request);
              response.onNext(ExportTraceServiceResponse.getDefaultInstance());
              response.onCompleted();
            }
          })
          .build().start();
      http = null;
    } else {
      grpc = null;
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/v1/traces", exchange -> {
        try (InputStream body = exchange.getRequestBody()) {
          keep(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
      });
      http.start();
    }
  }

  /** OTLP/gRPC, the collector's TraceService. */
  public static OtlpReceiver grpc() throws IOException {
    return new OtlpReceiver(true);
  }

  /** OTLP/HTTP with protobuf bodies. */
  public static OtlpReceiver http() throws IOException {
    return new OtlpReceiver(false);
  }

  private void keep(ExportTraceServiceRequest request) {
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(new Received(resource.getResource(), span));
        }
      }
    }
  }

  /** The endpoint to give the exporter: {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    int port = grpc != null ? grpc.getPort() : http.getAddress().getPort();
    return "http://127.0.0.1:" + port;
  }

  public List<Received> spans() {
    return new ArrayList<>(spans);
  }

  /** The first span received that matches, waiting for it (the exporter sends in batches). */
  public Received await(String what, Predicate<Received> matches) throws Exception {
    Eventually.eventually("a span " + what, Duration.ofSeconds(20), () -> spans.stream().anyMatch(matches));
    return spans.stream().filter(matches).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    if (grpc != null) {
      grpc.shutdownNow();
    }
    if (http != null) {
      http.stop(0);
    }
  }
}
