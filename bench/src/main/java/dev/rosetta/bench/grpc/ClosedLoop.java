package dev.rosetta.bench.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: a fixed number of calls in flight, each started the moment another ends,
 * spread round-robin over the channels (one HTTP/2 connection each). What ends while a
 * {@link Window} is set is counted in it; swapping windows separates the warm-up from the
 * measured time without pausing the load.
 *
 * <p>The next call starts on the transport thread that completed the last one (the channels use
 * a direct executor, nothing here blocks). After a failure it starts 1 ms later from a timer
 * instead: a call that fails at once (connection refused) would otherwise fail again inside its
 * own start, deeper on the same stack, as fast as the CPU goes.
 */
final class ClosedLoop {
  private static final long DEADLINE_SECONDS = 30;

  /** What one stretch of the run counted. Thread safe. */
  static final class Window {
    final LatencyHistogram latencies = new LatencyHistogram();
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder messages = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();

    void succeeded(long nanos, int received) {
      latencies.record(nanos);
      calls.increment();
      messages.add(received);
    }

    void failed(String why) {
      errors.increment();
      firstError.compareAndSet(null, why);
    }
  }

  private final List<ManagedChannel> channels;
  private final CallShape shape;
  private final ScheduledExecutorService timer;
  private final AtomicLong sequence = new AtomicLong();
  private volatile Window window;
  private volatile boolean running;

  ClosedLoop(List<ManagedChannel> channels, CallShape shape, ScheduledExecutorService timer) {
    this.channels = List.copyOf(channels);
    this.shape = shape;
    this.timer = timer;
  }

  /** Starts {@code concurrency} calls, counting into {@code first}. */
  void start(int concurrency, Window first) {
    window = first;
    running = true;
    for (int i = 0; i < concurrency; i++) {
      startCall();
    }
  }

  /** From now on calls are counted in {@code next}. */
  void countInto(Window next) {
    window = next;
  }

  /** Counts nothing more and starts no new call; calls in flight end as they will. */
  void stop() {
    window = null;
    running = false;
  }

  private void startCall() {
    if (!running) {
      return;
    }
    ManagedChannel channel = channels.get((int) (sequence.getAndIncrement() % channels.size()));
    ClientCall<byte[], byte[]> call =
        channel.newCall(shape.method(), CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
    Observer observer = new Observer(System.nanoTime());
    if (shape.isUnary()) {
      ClientCalls.asyncUnaryCall(call, shape.request(), observer);
    } else {
      ClientCalls.asyncServerStreamingCall(call, shape.request(), observer);
    }
  }

  /** One call's answer. gRPC calls an observer from one thread at a time. */
  private final class Observer implements StreamObserver<byte[]> {
    private final long start;
    private int received;
    private int unexpected;

    Observer(long start) {
      this.start = start;
    }

    @Override
    public void onNext(byte[] message) {
      received++;
      if (!shape.isExpected(message)) {
        unexpected++;
      }
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      finish(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
    }

    @Override
    public void onCompleted() {
      finish(received == shape.messages() && unexpected == 0 ? null
          : "OK but " + received + " messages (expected " + shape.messages() + "), " + unexpected + " not as expected");
    }

    private void finish(String error) {
      Window counting = window;
      if (counting != null) {
        if (error == null) {
          counting.succeeded(System.nanoTime() - start, received);
        } else {
          counting.failed(error);
        }
      }
      if (error == null) {
        startCall();
      } else {
        timer.schedule(ClosedLoop.this::startCall, 1, TimeUnit.MILLISECONDS);
      }
    }
  }
}
