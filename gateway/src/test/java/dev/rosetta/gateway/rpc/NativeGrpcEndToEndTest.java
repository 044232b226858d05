package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Durations;
import com.google.rpc.ResourceInfo;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.ImportBooksResponse;
import dev.rosetta.examples.library.v1.LibrarianAnswer;
import dev.rosetta.examples.library.v1.LibrarianQuestion;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import dev.rosetta.gateway.http.TlsOptions;
import dev.rosetta.gateway.testing.AnyEchoBackend;
import dev.rosetta.gateway.testing.LibraryGateway;
import dev.rosetta.gateway.testing.TestCertificates;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native gRPC through the gateway, called with the examples module's grpc-java stubs over h2c and
 * TLS: the four RPC shapes, deadlines, metadata both ways, errors with details, unknown methods.
 */
class NativeGrpcEndToEndTest {
  private static final Metadata.Key<String> SERVER = ascii("x-library-server");
  private static final Metadata.Key<String> ECHO = ascii("x-echo-metadata");
  private static final Metadata.Key<String> DELAY = ascii("x-delay-ms");
  private static final Metadata.Key<String> TRAILER = ascii("x-library-trailer");

  @TempDir static Path dir;
  static TestCertificates certs;
  static LibraryGateway library;
  static ManagedChannel h2c;
  static LibraryServiceGrpc.LibraryServiceBlockingStub stub;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    library = LibraryGateway.start(c -> c.withServer(c.server()
        .withTls(new TlsOptions(certs.serverCert(), certs.serverKey(), null, 0, Duration.ZERO))));
    h2c = NettyChannelBuilder.forAddress("127.0.0.1", library.port()).usePlaintext().build();
    stub = LibraryServiceGrpc.newBlockingStub(h2c).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    h2c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    library.close();
  }

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  @Test
  void unaryCallGetsTheBackendsMessageAndHeaderMetadata() {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Shelf shelf = stub.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .getShelf(GetShelfRequest.newBuilder().setName("shelves/scifi").build());
    assertThat(shelf.getTheme()).isEqualTo("Science fiction");
    assertThat(headers.get().get(SERVER)).isEqualTo("rosetta-example");
    assertThat(headers.get().get(ascii("x-request-id"))).isNotBlank();
  }

  @Test
  void requestMetadataReachesTheBackendAndTrailerMetadataComesBack() {
    Metadata echo = new Metadata();
    echo.put(ECHO, "true");
    echo.put(ascii("x-tenant"), "acme");
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(echo),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .getShelf(GetShelfRequest.newBuilder().setName("shelves/scifi").build());
    assertThat(headers.get().get(ascii("echo-x-tenant"))).isEqualTo("acme");
    assertThat(headers.get().get(ascii("echo-x-request-id"))).isEqualTo(headers.get().get(ascii("x-request-id")));
    assertThat(trailers.get().get(TRAILER)).isEqualTo("done");
  }

  @Test
  void backendErrorKeepsItsCodeMessageAndDetails() {
    assertThatThrownBy(() -> stub.getShelf(GetShelfRequest.newBuilder().setName("shelves/nope").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("shelves/nope");
          com.google.rpc.Status details = StatusProto.fromThrowable(e);
          assertThat(details).isNotNull();
          assertThat(details.getDetailsList()).anySatisfy(any -> {
            assertThat(any.is(ResourceInfo.class)).isTrue();
          });
        });
  }

  @Test
  void serverStreamDeliversEveryMessageThenOk() {
    List<String> titles = new ArrayList<>();
    stub.watchBooks(WatchBooksRequest.newBuilder().setParent("shelves/scifi")
        .setInterval(Durations.fromMillis(5)).build()).forEachRemaining(b -> titles.add(b.getTitle()));
    assertThat(titles).containsExactly("Dune", "Neuromancer", "The Left Hand of Darkness");
  }

  @Test
  void serverStreamOfAnUnknownShelfFailsTrailersOnly() {
    assertThatThrownBy(() -> stub.watchBooks(WatchBooksRequest.newBuilder().setParent("shelves/nope").build()).hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void clientStreamCreatesEveryBookSent() throws Exception {
    Collector<ImportBooksResponse> answer = new Collector<>();
    StreamObserver<CreateBookRequest> upload = LibraryServiceGrpc.newStub(h2c).importBooks(answer);
    for (String title : List.of("Emma", "Persuasion", "Sanditon")) {
      upload.onNext(CreateBookRequest.newBuilder().setParent("shelves/fiction")
          .setBook(Book.newBuilder().setTitle(title)).build());
    }
    upload.onCompleted();
    ImportBooksResponse response = answer.done.get(20, TimeUnit.SECONDS).get(0);
    assertThat(response.getCreated()).isEqualTo(3);
    assertThat(response.getNamesList()).allMatch(n -> n.startsWith("shelves/fiction/books/"));
  }

  @Test
  void bidiStreamAnswersEachQuestionInOrder() throws Exception {
    Collector<LibrarianAnswer> answers = new Collector<>();
    StreamObserver<LibrarianQuestion> questions = LibraryServiceGrpc.newStub(h2c).askLibrarian(answers);
    questions.onNext(LibrarianQuestion.newBuilder().setQuery("dune").build());
    questions.onNext(LibrarianQuestion.newBuilder().setQuery("whales").build());
    questions.onCompleted();
    List<LibrarianAnswer> got = answers.done.get(20, TimeUnit.SECONDS);
    assertThat(got).extracting(LibrarianAnswer::getText)
        .containsExactly("I found 1 book on \"dune\".", "Sorry, nothing on \"whales\".");
    assertThat(got).extracting(LibrarianAnswer::getQuestionNumber).containsExactly(1, 2);
  }

  @Test
  void deadlineOfTheClientBoundsTheBackendCall() {
    Metadata slow = new Metadata();
    slow.put(DELAY, "5000");
    long start = System.nanoTime();
    assertThatThrownBy(() -> LibraryServiceGrpc.newBlockingStub(h2c).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(slow))
        .getShelf(GetShelfRequest.newBuilder().setName("shelves/scifi").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
  }

  @Test
  void methodNotInTheDescriptorsIsUnimplementedByTheGateway() throws Exception {
    Status status = callUnknown(h2c, "rosetta.examples.library.v1.LibraryService/Nope");
    assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(status.getDescription()).contains("no method of the loaded services");
  }

  @Test
  void unknownMethodGoesToTheDefaultBackendWithPassthrough() throws Exception {
    try (LibraryGateway passing = LibraryGateway.start(c -> c.withServer(c.server().withProtocols(
        c.server().protocols().withGrpc(c.server().protocols().grpc().withPassthroughUnknown(true)))))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", passing.port()).usePlaintext().build();
      try {
        // The backend's own answer (grpc-java's words), so the call reached it.
        Status status = callUnknown(channel, "rosetta.examples.library.v1.LibraryService/Nope");
        assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(status.getDescription()).contains("Method not found");
        // A known method still goes by its descriptor.
        assertThat(LibraryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
            .getShelf(GetShelfRequest.newBuilder().setName("shelves/scifi").build()).getName()).isEqualTo("shelves/scifi");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void tlsListenerServesGrpcOverH2() throws Exception {
    ManagedChannel tls = NettyChannelBuilder.forAddress("127.0.0.1", library.gateway.httpsAddress().getPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(certs.ca().toFile()).build()).build();
    try {
      List<String> titles = new ArrayList<>();
      LibraryServiceGrpc.newBlockingStub(tls).withDeadlineAfter(20, TimeUnit.SECONDS)
          .watchBooks(WatchBooksRequest.newBuilder().setParent("shelves/scifi").setInterval(Durations.fromMillis(5)).build())
          .forEachRemaining(b -> titles.add(b.getTitle()));
      assertThat(titles).hasSize(3);
    } finally {
      tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcOverHttp11IsRefusedNamingHttp2() throws Exception {
    HttpURLConnection conn = (HttpURLConnection) library.rpc("GetShelf").toURL().openConnection();
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    conn.setRequestProperty("Content-Type", "application/grpc");
    conn.getOutputStream().write(new byte[5]);
    assertThat(conn.getResponseCode()).isEqualTo(415);
    assertThat(new String(conn.getErrorStream().readAllBytes())).contains("needs HTTP/2");
  }

  /** Calls {@code fullName} with no message and returns how it closed. */
  private static Status callUnknown(ManagedChannel channel, String fullName) throws Exception {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullName)
        .setRequestMarshaller(AnyEchoBackend.BYTES).setResponseMarshaller(AnyEchoBackend.BYTES).build();
    ClientCall<byte[], byte[]> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(new byte[0]);
    call.halfClose();
    return closed.get(20, TimeUnit.SECONDS);
  }

  /** Collects every message of a stream, then completes with them (or fails with its status). */
  static final class Collector<T> implements StreamObserver<T> {
    final List<T> messages = new ArrayList<>();
    final CompletableFuture<List<T>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(T value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(List.copyOf(messages));
    }
  }
}
