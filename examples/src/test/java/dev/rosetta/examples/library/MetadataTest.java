package dev.rosetta.examples.library;

import static dev.rosetta.examples.library.Failures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.Code;
import dev.rosetta.examples.library.v1.CreateShelfRequest;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc.LibraryServiceBlockingStub;
import dev.rosetta.examples.library.v1.Shelf;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class MetadataTest {
  private static final GetShelfRequest FICTION =
      GetShelfRequest.newBuilder().setName("shelves/fiction").build();

  private final RunningBackend backend = RunningBackend.start();
  private final AtomicReference<Metadata> headers = new AtomicReference<>();
  private final AtomicReference<Metadata> trailers = new AtomicReference<>();

  @AfterEach
  void stop() {
    backend.close();
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  /** A stub that sends {@code pairs} as request metadata and captures the response's. */
  private LibraryServiceBlockingStub stub(String... pairs) {
    Metadata sent = new Metadata();
    for (int i = 0; i < pairs.length; i += 2) {
      sent.put(key(pairs[i]), pairs[i + 1]);
    }
    return backend.stub.withInterceptors(
        MetadataUtils.newAttachHeadersInterceptor(sent),
        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  @Test
  void everyResponseNamesTheServerEvenAnError() {
    stub().getShelf(FICTION);
    assertThat(headers.get().get(key("x-library-server"))).isEqualTo("rosetta-example");

    failure(Code.NOT_FOUND, () -> stub().getShelf(
        GetShelfRequest.newBuilder().setName("shelves/cookery").build()));
    assertThat(headers.get().get(key("x-library-server"))).isEqualTo("rosetta-example");
  }

  @Test
  void nothingIsEchoedUnlessAskedFor() {
    stub("x-request-id", "r-1").getShelf(FICTION);

    assertThat(headers.get().get(key("echo-x-request-id"))).isNull();
    assertThat(trailers.get().get(key("x-library-trailer"))).isNull();
  }

  @Test
  void askedForEchoReturnsEveryTextHeaderPrefixedAndATrailer() {
    Metadata binary = new Metadata();
    binary.put(Metadata.Key.of("x-trace-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});
    stub("x-echo-metadata", "true", "x-request-id", "r-1", "x-tenant", "a", "x-tenant", "b")
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(binary))
        .getShelf(FICTION);

    assertThat(headers.get().get(key("echo-x-request-id"))).isEqualTo("r-1");
    assertThat(headers.get().getAll(key("echo-x-tenant"))).containsExactly("a", "b");
    assertThat(headers.get().get(key("echo-x-echo-metadata"))).isEqualTo("true");
    assertThat(headers.get().keys()).doesNotContain("echo-x-trace-bin");
    assertThat(trailers.get().get(key("x-library-trailer"))).isEqualTo("done");
  }

  @Test
  void delayedCallAnswersAfterTheDelay() {
    long start = System.nanoTime();
    Shelf shelf = stub("x-delay-ms", "200").getShelf(FICTION);

    assertThat(shelf.getName()).isEqualTo("shelves/fiction");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
  }

  @Test
  void deadlineShorterThanTheDelayExpiresAndTheCallNeverRuns() throws InterruptedException {
    CreateShelfRequest create = CreateShelfRequest.newBuilder()
        .setShelfId("too-late").setShelf(Shelf.newBuilder().setTheme("Too late")).build();

    StatusRuntimeException thrown = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub("x-delay-ms", "400").withDeadlineAfter(100, TimeUnit.MILLISECONDS)
            .createShelf(create));
    Thread.sleep(500); // past the delay: had the timer not been cancelled, the shelf would exist

    assertThat(thrown.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    failure(Code.NOT_FOUND, () -> backend.stub.getShelf(
        GetShelfRequest.newBuilder().setName("shelves/too-late").build()));
  }

  @Test
  void delayOutOfRangeIsInvalidArgument() {
    for (String bad : new String[] {"10001", "-1", "soon"}) {
      StatusRuntimeException thrown = catchThrowableOfType(StatusRuntimeException.class,
          () -> stub("x-delay-ms", bad).getShelf(FICTION));
      assertThat(thrown.getStatus().getCode()).as(bad).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(headers.get().get(key("x-library-server"))).isEqualTo("rosetta-example");
    }
  }
}
