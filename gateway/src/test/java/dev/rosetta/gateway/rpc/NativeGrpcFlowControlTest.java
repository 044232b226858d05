package dev.rosetta.gateway.rpc;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.stream.v1.CountRequest;
import dev.rosetta.gateway.stream.v1.StreamServiceGrpc;
import dev.rosetta.gateway.stream.v1.Tick;
import dev.rosetta.gateway.testing.StreamHarness;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native gRPC's flow control and cancellation end to end: a client that does not read holds the
 * backend back (the gateway buffers a bounded amount between the two windows), and a client that
 * cancels its stream has the backend's call cancelled.
 */
class NativeGrpcFlowControlTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static StreamHarness harness;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    harness = StreamHarness.start(c -> c);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", harness.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    harness.close();
  }

  @Test
  void clientThatDoesNotReadHoldsTheBackendBackThenGetsEveryMessage() throws Exception {
    long before = harness.backend.sentMessages.get();
    int count = 50_000;
    AtomicLong received = new AtomicLong();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<CountRequest, Tick> call = count(CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), received,
        closed);
    // 50,000 messages of 1 KiB: 50 MB the backend would send at once if nothing held it back.
    call.sendMessage(CountRequest.newBuilder().setCount(count).setPayloadBytes(1024).build());
    call.halfClose();
    call.request(1);
    eventually("the first message", WAIT, () -> received.get() == 1);
    // The client's window (1 MiB by default), the gateway's write buffer and one message, and the
    // backend call's window: a few MiB, whatever the stream's length. Watched for a second, in which
    // an unbounded relay would have let the backend send all 50 MB.
    long watchUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < watchUntil) {
      assertThat(harness.backend.sentMessages.get() - before).as("messages the backend sent").isLessThan(10_000);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(received.get()).isEqualTo(1);
    call.request(Integer.MAX_VALUE);
    assertThat(closed.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(received.get()).isEqualTo(count);
  }

  @Test
  void clientCancellingItsStreamCancelsTheBackendCall() throws Exception {
    harness.backend.outcomes.clear();
    CompletableFuture<Tick> first = new CompletableFuture<>();
    ClientCall<CountRequest, Tick> call = channel.newCall(StreamServiceGrpc.getCountMethod(), CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Tick message) {
        first.complete(message);
      }
    }, new Metadata());
    call.sendMessage(CountRequest.newBuilder().setCount(1000).setDelayMillis(50).build());
    call.halfClose();
    call.request(1);
    assertThat(first.get(20, TimeUnit.SECONDS).getN()).isEqualTo(1);
    call.cancel("the client gives up", null);
    assertThat(harness.backend.outcomes.poll(20, TimeUnit.SECONDS).code()).isEqualTo("CANCELLED");
  }

  @Test
  void backendFailingMidStreamReachesTheClientAsItsStatus() throws Exception {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicLong received = new AtomicLong();
    ClientCall<CountRequest, Tick> call = count(CallOptions.DEFAULT, received, closed);
    call.sendMessage(CountRequest.newBuilder().setCount(10).setFailAfter(3).setFailCode(Status.Code.ABORTED.value())
        .build());
    call.halfClose();
    call.request(100);
    Status status = closed.get(20, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(status.getDescription()).isEqualTo("failed after 3");
    assertThat(received.get()).isEqualTo(3);
  }

  /** A started Count call that counts the messages it gets and completes {@code closed} with its status. */
  private static ClientCall<CountRequest, Tick> count(CallOptions options, AtomicLong received,
      CompletableFuture<Status> closed) {
    ClientCall<CountRequest, Tick> call = channel.newCall(StreamServiceGrpc.getCountMethod(), options);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Tick message) {
        received.incrementAndGet();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    return call;
  }
}
