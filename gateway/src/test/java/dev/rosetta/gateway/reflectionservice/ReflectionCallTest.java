package dev.rosetta.gateway.reflectionservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.testing.Eventually;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process reflection stream on a real event loop, driven as the exchange drives a backend
 * call: answers only on demand, backpressure on the requests, the end, the deadline, bad input.
 */
class ReflectionCallTest {
  private static final byte[] LIST = ServerReflectionRequest.newBuilder().setListServices("").build().toByteArray();

  private DefaultEventLoop loop;
  private ServerReflection reflection;
  private final List<ServerReflectionResponse> answers = new CopyOnWriteArrayList<>();
  private final AtomicReference<Status> closed = new AtomicReference<>();
  private final AtomicInteger readies = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    loop = new DefaultEventLoop();
    DescriptorRegistry registry;
    try (var in = getClass().getClassLoader().getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      registry = DescriptorRegistry.build(List.of(DescriptorSetLoader.parse("library.pb", in.readAllBytes())));
    }
    reflection = ServerReflection.of(registry, 1 << 20);
  }

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  private ClientCall<byte[], byte[]> open(ServerReflection reflection, long timeoutNanos) throws Exception {
    return onLoop(() -> {
      ClientCall<byte[], byte[]> call = reflection.newCall(loop, timeoutNanos);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          try {
            answers.add(ServerReflectionResponse.parseFrom(message));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.set(status);
        }

        @Override
        public void onReady() {
          readies.incrementAndGet();
        }
      }, new Metadata());
      return call;
    });
  }

  @Test
  void requestsWaitForDemandAndTheCallStopsTakingThemUntilTheyAreAnswered() throws Exception {
    ClientCall<byte[], byte[]> call = open(reflection, 0);
    for (int i = 0; i < ReflectionCall.READY_REQUESTS; i++) {
      assertThat(onLoop(call::isReady)).isTrue();
      onLoop(() -> {
        call.sendMessage(LIST);
        return null;
      });
    }
    assertThat(onLoop(call::isReady)).isFalse();
    onLoop(() -> null); // the drain queued by the sends has run
    assertThat(answers).isEmpty();

    onLoop(() -> {
      call.request(1);
      return null;
    });
    Eventually.eventually("one answer and ready again", Duration.ofSeconds(5),
        () -> answers.size() == 1 && readies.get() == 1);
    assertThat(onLoop(call::isReady)).isTrue();

    onLoop(() -> {
      call.request(10);
      call.halfClose();
      return null;
    });
    Eventually.eventually("every answer, then OK", Duration.ofSeconds(5), () -> closed.get() != null);
    assertThat(answers).hasSize(ReflectionCall.READY_REQUESTS);
    assertThat(closed.get().getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void aMalformedRequestEndsTheStreamInvalidArgument() throws Exception {
    ClientCall<byte[], byte[]> call = open(reflection, 0);
    onLoop(() -> {
      call.request(1);
      call.sendMessage(new byte[] {(byte) 0xFF, 0x01});
      return null;
    });
    Eventually.eventually("the end", Duration.ofSeconds(5), () -> closed.get() != null);
    assertThat(closed.get().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(answers).isEmpty();
  }

  @Test
  void anAnswerOverTheMessageLimitEndsTheStreamResourceExhausted() throws Exception {
    ServerReflection small;
    try (var in = getClass().getClassLoader().getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      small = ServerReflection.of(DescriptorRegistry.build(List.of(DescriptorSetLoader.parse("library.pb",
          in.readAllBytes()))), 1024);
    }
    ClientCall<byte[], byte[]> call = open(small, 0);
    onLoop(() -> {
      call.request(1);
      call.sendMessage(ServerReflectionRequest.newBuilder()
          .setFileContainingSymbol("rosetta.examples.library.v1.LibraryService").build().toByteArray());
      return null;
    });
    Eventually.eventually("the end", Duration.ofSeconds(5), () -> closed.get() != null);
    assertThat(closed.get().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(closed.get().getDescription()).contains("--max-message-size");
  }

  @Test
  void theDeadlineEndsAnIdleStream() throws Exception {
    open(reflection, TimeUnit.MILLISECONDS.toNanos(50));
    Eventually.eventually("the end", Duration.ofSeconds(5), () -> closed.get() != null);
    assertThat(closed.get().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void aCancelledStreamEndsCancelledAndAnswersNothingMore() throws Exception {
    ClientCall<byte[], byte[]> call = open(reflection, 0);
    onLoop(() -> {
      call.sendMessage(LIST);
      call.cancel("client gone", null);
      call.request(5);
      return null;
    });
    Eventually.eventually("the end", Duration.ofSeconds(5), () -> closed.get() != null);
    assertThat(closed.get().getCode()).isEqualTo(Status.Code.CANCELLED);
    onLoop(() -> null);
    assertThat(answers).isEmpty();
  }
}
