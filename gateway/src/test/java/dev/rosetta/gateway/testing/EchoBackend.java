package dev.rosetta.gateway.testing;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.e2e.v1.FailRequest;
import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.e2e.v1.SleepRequest;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real grpc-java server on an ephemeral loopback port serving the e2e EchoService: it echoes
 * requests, fails on demand, sleeps, and reports the metadata it received. Every answer names
 * the replica in the {@code x-replica} response header (so load-balancing tests can tell
 * replicas apart), and the server runs the standard {@code grpc.health.v1} service, SERVING until
 * {@link #setServing} says otherwise.
 */
public final class EchoBackend implements AutoCloseable {
  private static final Context.Key<Metadata> HEADERS = Context.key("headers");
  public static final Metadata.Key<String> RESPONSE_HEADER = Metadata.Key.of("x-resp-header", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> RESPONSE_TRAILER = Metadata.Key.of("x-resp-trailer", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> REPLICA = Metadata.Key.of("x-replica", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;
  private final String replica;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  /** The millis of each Sleep call the backend has begun. */
  public final BlockingQueue<Integer> sleeping = new LinkedBlockingQueue<>();
  /** Status codes seen when a Sleep call ended early: CANCELLED when the gateway gave up. */
  public final BlockingQueue<String> sleepOutcomes = new LinkedBlockingQueue<>();

  private EchoBackend(InetSocketAddress address, String replica, UnaryOperator<NettyServerBuilder> tweak) throws IOException {
    this.replica = replica;
    ServerInterceptor captureHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
      }
    };
    // Every answer carries header metadata and (unless it sets its own) trailer metadata.
    ServerInterceptor addMetadata = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            responseHeaders.put(RESPONSE_HEADER, "from-backend");
            responseHeaders.put(REPLICA, EchoBackend.this.replica);
            super.sendHeaders(responseHeaders);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            if (!trailers.containsKey(RESPONSE_TRAILER)) {
              trailers.put(RESPONSE_TRAILER, "done");
            }
            super.close(status, trailers);
          }
        }, headers);
      }
    };
    server = tweak.apply(NettyServerBuilder.forAddress(address)
            .addService(ServerInterceptors.intercept(new Service(), captureHeaders, addMetadata))
            .addService(health.getHealthService()))
        .build()
        .start();
  }

  public static EchoBackend start() throws IOException {
    return new EchoBackend(new InetSocketAddress("127.0.0.1", 0), "echo", b -> b);
  }

  /** Starts on a given port, e.g. to bring a backend back where the gateway expects it. */
  public static EchoBackend start(int port) throws IOException {
    return new EchoBackend(new InetSocketAddress("127.0.0.1", port), "echo", b -> b);
  }

  /**
   * Starts a named replica (its name comes back in {@code x-replica}) on {@code port} (0 for any),
   * with server settings changed by {@code tweak}, e.g. a maximum connection age.
   */
  public static EchoBackend startReplica(String name, int port, UnaryOperator<NettyServerBuilder> tweak) throws IOException {
    return new EchoBackend(new InetSocketAddress("127.0.0.1", port), name, tweak);
  }

  /** A named replica on another loopback address (127.0.0.2, ...): DNS tests give one name two of them. */
  public static EchoBackend startReplica(String name, InetSocketAddress address) throws IOException {
    return new EchoBackend(address, name, b -> b);
  }

  /** What the health service reports for the whole server ({@code ""}); the echo service keeps working. */
  public void setServing(boolean serving) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
        serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  public String replica() {
    return replica;
  }

  public int port() {
    return server.getPort();
  }

  public String target() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    timer.shutdownNow();
  }

  private final class Service extends EchoServiceGrpc.EchoServiceImplBase {
    @Override
    public void echo(EchoMessage request, StreamObserver<EchoMessage> out) {
      out.onNext(request);
      out.onCompleted();
    }

    @Override
    public void echoNames(EchoMessage request, StreamObserver<EchoMessage> out) {
      echo(request, out);
    }

    @Override
    public void echoNested(EchoMessage request, StreamObserver<EchoMessage> out) {
      echo(request, out);
    }

    @Override
    public void fail(FailRequest request, StreamObserver<EchoMessage> out) {
      com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
          .setCode(request.getCode())
          .setMessage(request.getMessage());
      if (request.getWithDetails()) {
        status.addDetails(Any.pack(ErrorInfo.newBuilder()
            .setReason("TEST_REASON").setDomain("test.rosetta.dev").putMetadata("k", "v").build()));
        status.addDetails(Any.pack(BadRequest.newBuilder()
            .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField("id").setDescription("bad id"))
            .build()));
        // A detail of a type nobody registered must still reach the client.
        status.addDetails(Any.newBuilder().setTypeUrl("type.googleapis.com/unknown.Type")
            .setValue(com.google.protobuf.ByteString.copyFromUtf8("raw")).build());
      }
      Metadata trailers = new Metadata();
      trailers.put(RESPONSE_TRAILER, "failed");
      out.onError(StatusProto.toStatusRuntimeException(status.build(), trailers));
    }

    @Override
    public void sleep(SleepRequest request, StreamObserver<EchoMessage> out) {
      ServerCallStreamObserver<EchoMessage> call = (ServerCallStreamObserver<EchoMessage>) out;
      sleeping.add(request.getMillis());
      ScheduledFuture<?> answer = timer.schedule(() -> {
        if (!call.isCancelled()) {
          call.onNext(EchoMessage.newBuilder().setCount(request.getMillis()).build());
          call.onCompleted();
        }
      }, request.getMillis(), TimeUnit.MILLISECONDS);
      call.setOnCancelHandler(() -> {
        answer.cancel(false);
        sleepOutcomes.add(Status.fromThrowable(Context.current().cancellationCause() == null
            ? Status.CANCELLED.asException() : Context.current().cancellationCause()).getCode().name());
      });
    }

    @Override
    public void metadata(EchoMessage request, StreamObserver<MetadataResponse> out) {
      Metadata headers = HEADERS.get();
      MetadataResponse.Builder response = MetadataResponse.newBuilder();
      for (String key : headers.keys()) {
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          byte[] value = headers.get(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
          response.putHeaders(key, java.util.Base64.getEncoder().encodeToString(value));
        } else {
          response.putHeaders(key, String.join("|", headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))));
        }
      }
      out.onNext(response.build());
      out.onCompleted();
    }
  }
}
