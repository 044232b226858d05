package dev.rosetta.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.e2e.v1.EchoServiceGrpc;
import dev.rosetta.gateway.e2e.v1.FailRequest;
import dev.rosetta.gateway.e2e.v1.SleepRequest;
import dev.rosetta.gateway.testing.EchoBackend;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failed calls made by a real grpc-java channel, worded for the client with the backend's target and the cause. */
class BackendFailuresTest {

  @Test
  void aRefusedConnectionNamesTheTargetAndTheCauseInsteadOfIoException() throws Exception {
    int port;
    try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = unused.getLocalPort(); // closed below: nothing listens there any more
    }
    String target = "127.0.0.1:" + port;
    Status status = failure(target, stub -> stub.echo(EchoMessage.getDefaultInstance()));

    assertThat(status.getDescription()).isEqualTo("io exception");
    Status described = BackendFailures.describe(status, target);
    assertThat(described.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(described.getDescription()).isEqualTo("backend " + target + " is unavailable: connection refused");
  }

  @Test
  void theGatewaysOwnDeadlineSaysTheBackendDidNotAnswerInTime() throws Exception {
    try (EchoBackend backend = EchoBackend.start()) {
      Status status = failure(backend.target(), stub -> stub.withDeadlineAfter(100, TimeUnit.MILLISECONDS)
          .sleep(SleepRequest.newBuilder().setMillis(5_000).build()));

      assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(BackendFailures.describe(status, backend.target()).getDescription())
          .isEqualTo("backend " + backend.target() + " did not answer within the deadline");
    }
  }

  @Test
  void aStatusTheBackendSentPassesUnchanged() throws Exception {
    try (EchoBackend backend = EchoBackend.start()) {
      for (int code : new int[] {14, 4}) {
        Status status = failure(backend.target(),
            stub -> stub.fail(FailRequest.newBuilder().setCode(code).setMessage("down for maintenance").build()));

        assertThat(BackendFailures.describe(status, backend.target())).isSameAs(status);
        assertThat(status.getDescription()).isEqualTo("down for maintenance");
      }
    }
  }

  /** Descriptions grpc-java writes itself when no call could be made (no exception attached). */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      UNAVAILABLE | Health-check service responded NOT_SERVING for '' | backend t:1 is unavailable: no healthy replica (every address fails its health check)
      UNAVAILABLE | Unable to resolve host books                       | backend t:1 is unavailable: cannot resolve its name
      UNAVAILABLE | Connection closed after GOAWAY. HTTP/2 error code: NO_ERROR | backend t:1 is unavailable: the connection was lost
      UNAVAILABLE | Keepalive failed. The connection is likely gone    | backend t:1 is unavailable: the connection was lost
      DEADLINE_EXCEEDED | deadline exceeded after 0.1s. [closed=[], open=[[buffered_nanos=1, waiting_for_connection]]] | backend t:1 did not answer within the deadline (no connection was ready)
      UNAVAILABLE | the service is draining                           | the service is draining
      INTERNAL    | io exception                                       | io exception
      """)
  void grpcJavasOwnWordsBecomeTheCause(Status.Code code, String grpcText, String expected) {
    assertThat(BackendFailures.describe(Status.fromCode(code).withDescription(grpcText), "t:1").getDescription())
        .isEqualTo(expected);
  }

  private static Status failure(String target, Consumer<EchoServiceGrpc.EchoServiceBlockingStub> call)
      throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      call.accept(EchoServiceGrpc.newBlockingStub(channel));
      throw new AssertionError("the call succeeded");
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
