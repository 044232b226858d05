package dev.rosetta.gateway.testing;

import com.google.api.HttpBody;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.rosetta.gateway.stream.v1.AttachRequest;
import dev.rosetta.gateway.stream.v1.CountRequest;
import dev.rosetta.gateway.stream.v1.StreamServiceGrpc;
import dev.rosetta.gateway.stream.v1.Tick;
import dev.rosetta.gateway.stream.v1.Total;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A real grpc-java server for the streaming tests. Its server streams honour gRPC flow control
 * (they send only while the call is ready), so a slow gateway slows them down, and what they
 * sent is counted: a test can see the backend held back.
 */
public final class StreamBackend implements AutoCloseable {
  private final Server server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  /** How each Count/Download stream ended on the backend's side: OK, CANCELLED... with the time. */
  public final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
  /** Messages the streams have handed to gRPC so far. */
  public final AtomicLong sentMessages = new AtomicLong();
  /** The {@code x-request-id} metadata of each call, in the order the calls came ("-" for none). */
  public final BlockingQueue<String> requestIds = new LinkedBlockingQueue<>();

  /** The trailer metadata every call ends with: its status code's name. */
  public static final Metadata.Key<String> STREAM_TRAILER = Metadata.Key.of("x-stream-trailer", Metadata.ASCII_STRING_MARSHALLER);

  public record Outcome(String code, long nanoTime) {}

  /** An Upload with this content type takes each chunk 20 ms to consume: a backend slower than its client. */
  public static final String SLOW_UPLOAD = "application/x-slow";


  private StreamBackend() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new Service(), new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
              ServerCallHandler<Q, R> next) {
            String id = headers.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
            requestIds.add(id == null ? "-" : id);
            // Every call ends with trailer metadata naming its status, as a real service's might.
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
              @Override
              public void close(Status status, Metadata trailers) {
                trailers.put(STREAM_TRAILER, status.getCode().name());
                super.close(status, trailers);
              }
            }, headers);
          }
        }))
        .build()
        .start();
  }

  public static StreamBackend start() throws IOException {
    return new StreamBackend();
  }

  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    timer.shutdownNow();
  }

  private final class Service extends StreamServiceGrpc.StreamServiceImplBase {
    @Override
    public void count(CountRequest request, StreamObserver<Tick> out) {
      String payload = "x".repeat(request.getPayloadBytes());
      stream(request, (ServerCallStreamObserver<Tick>) out,
          n -> Tick.newBuilder().setN(n).setPayload(payload).build());
    }

    @Override
    public void download(CountRequest request, StreamObserver<HttpBody> out) {
      stream(request, (ServerCallStreamObserver<HttpBody>) out, n -> HttpBody.newBuilder()
          .setContentType("text/plain").setData(ByteString.copyFromUtf8("chunk " + n + "\n")).build());
    }

    private <T> void stream(CountRequest request, ServerCallStreamObserver<T> call, Function<Long, T> message) {
      long[] next = {1};
      boolean[] closed = {false};
      call.setOnCancelHandler(() -> outcomes.add(new Outcome("CANCELLED", System.nanoTime())));
      Runnable pump = new Runnable() {
        @Override
        public void run() {
          while (!closed[0] && call.isReady() && !call.isCancelled()) {
            long n = next[0];
            if (request.getFailCode() != 0 && n > request.getFailAfter()) {
              closed[0] = true;
              call.onError(Status.fromCodeValue(request.getFailCode())
                  .withDescription("failed after " + request.getFailAfter()).asRuntimeException());
              outcomes.add(new Outcome("FAILED", System.nanoTime()));
              return;
            }
            if (n > request.getCount()) {
              closed[0] = true;
              call.onCompleted();
              outcomes.add(new Outcome("OK", System.nanoTime()));
              return;
            }
            next[0]++;
            call.onNext(message.apply(n));
            sentMessages.incrementAndGet();
            if (request.getDelayMillis() > 0) {
              timer.schedule(this, request.getDelayMillis(), TimeUnit.MILLISECONDS);
              return;
            }
          }
        }
      };
      if (request.getDelayMillis() > 0) {
        call.setOnReadyHandler(() -> { });
        timer.schedule(pump, request.getDelayMillis(), TimeUnit.MILLISECONDS);
      } else {
        call.setOnReadyHandler(pump);
      }
    }

    @Override
    public StreamObserver<Tick> sum(StreamObserver<Total> out) {
      return new StreamObserver<>() {
        long sum;
        long count;
        String label = "";

        @Override
        public void onNext(Tick tick) {
          sum += tick.getN();
          count++;
          label = tick.getLabel();
        }

        @Override
        public void onError(Throwable t) {
          outcomes.add(new Outcome(Status.fromThrowable(t).getCode().name(), System.nanoTime()));
        }

        @Override
        public void onCompleted() {
          out.onNext(Total.newBuilder().setSum(sum).setCount(count).setLabel(label).build());
          out.onCompleted();
        }
      };
    }

    @Override
    public void echo(HttpBody request, StreamObserver<HttpBody> out) {
      if (request.getData().toStringUtf8().equals("fail")) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("asked to fail").asRuntimeException());
        return;
      }
      out.onNext(request.toBuilder().addExtensions(Any.pack(Tick.newBuilder().setN(1).build())).build());
      out.onCompleted();
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<Total> out) {
      out.onNext(Total.newBuilder().setSum(request.getFile().getData().size()).setCount(1)
          .setLabel(request.getLabel() + " " + request.getFile().getContentType()).build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<HttpBody> upload(StreamObserver<Total> out) {
      return new StreamObserver<>() {
        long bytes;
        long count;
        String contentType;

        @Override
        public void onNext(HttpBody chunk) {
          bytes += chunk.getData().size();
          count++;
          contentType = contentType == null ? chunk.getContentType() : contentType;
          if (contentType.equals(SLOW_UPLOAD)) {
            // A slow consumer: gRPC asks the gateway for the next message only after this returns.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
          }
        }

        @Override
        public void onError(Throwable t) {
          outcomes.add(new Outcome(Status.fromThrowable(t).getCode().name(), System.nanoTime()));
        }

        @Override
        public void onCompleted() {
          out.onNext(Total.newBuilder().setSum(bytes).setCount(count)
              .setLabel(contentType == null ? "" : contentType).build());
          out.onCompleted();
        }
      };
    }

    @Override
    public StreamObserver<Tick> chat(StreamObserver<Tick> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Tick tick) {
          out.onNext(Tick.newBuilder().setN(tick.getN() * 10).build());
        }

        @Override
        public void onError(Throwable t) {
          outcomes.add(new Outcome(Status.fromThrowable(t).getCode().name(), System.nanoTime()));
        }

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }
}
