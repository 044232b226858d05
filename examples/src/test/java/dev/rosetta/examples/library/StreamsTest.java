package dev.rosetta.examples.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.HttpBody;
import com.google.protobuf.util.Durations;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.ImportBooksResponse;
import dev.rosetta.examples.library.v1.LibrarianAnswer;
import dev.rosetta.examples.library.v1.LibrarianQuestion;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streaming methods of the example library, called with grpc-java stubs. */
final class StreamsTest {
  private final RunningBackend backend = RunningBackend.start();

  @AfterEach
  void stop() {
    backend.close();
  }

  /** Collects every message of a stream, then completes with them (or fails with its status). */
  private static final class Collector<T> implements StreamObserver<T> {
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

  @Test
  void watchBooksStreamsTheBooksOfTheShelfIntervalApart() {
    long start = System.nanoTime();
    List<String> titles = new ArrayList<>();
    backend.stub.watchBooks(WatchBooksRequest.newBuilder().setParent("shelves/scifi")
        .setInterval(Durations.fromMillis(50)).build()).forEachRemaining(b -> titles.add(b.getTitle()));
    assertThat(titles).containsExactly("Dune", "Neuromancer", "The Left Hand of Darkness");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void watchBooksOfAnUnknownShelfOrWithTooLongAnIntervalFails() {
    assertThatThrownBy(() -> backend.stub.watchBooks(
        WatchBooksRequest.newBuilder().setParent("shelves/nope").build()).hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> backend.stub.watchBooks(WatchBooksRequest.newBuilder().setParent("shelves/scifi")
        .setInterval(Durations.fromSeconds(11)).build()).hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void importBooksCreatesEachBookAndCountsThem() throws Exception {
    Collector<ImportBooksResponse> answer = new Collector<>();
    StreamObserver<CreateBookRequest> upload = LibraryServiceGrpc.newStub(backend.channel).importBooks(answer);
    for (String title : List.of("Emma", "Persuasion")) {
      upload.onNext(CreateBookRequest.newBuilder().setParent("shelves/fiction")
          .setBook(Book.newBuilder().setTitle(title)).build());
    }
    upload.onCompleted();
    ImportBooksResponse response = answer.done.get(10, TimeUnit.SECONDS).get(0);
    assertThat(response.getCreated()).isEqualTo(2);
    assertThat(response.getNamesList()).hasSize(2).allMatch(n -> n.startsWith("shelves/fiction/books/"));
    assertThat(backend.stub.getBook(GetBookRequest.newBuilder().setName(response.getNames(1)).build()).getTitle())
        .isEqualTo("Persuasion");
  }

  @Test
  void importBooksFailsOnABadBookNamingItsPlace() {
    Collector<ImportBooksResponse> answer = new Collector<>();
    StreamObserver<CreateBookRequest> upload = LibraryServiceGrpc.newStub(backend.channel).importBooks(answer);
    upload.onNext(CreateBookRequest.newBuilder().setParent("shelves/fiction")
        .setBook(Book.newBuilder().setTitle("Emma")).build());
    upload.onNext(CreateBookRequest.newBuilder().setParent("shelves/fiction").setBook(Book.newBuilder()).build());
    upload.onCompleted();
    assertThat(answer.done).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
        .withMessageContaining("INVALID_ARGUMENT").withMessageContaining("book 2 of the import");
  }

  @Test
  void librarianAnswersEachQuestionAsItComesNumberingThem() throws Exception {
    Collector<LibrarianAnswer> answers = new Collector<>();
    StreamObserver<LibrarianQuestion> questions = LibraryServiceGrpc.newStub(backend.channel).askLibrarian(answers);
    questions.onNext(LibrarianQuestion.newBuilder().setQuery("dune").build());
    questions.onNext(LibrarianQuestion.newBuilder().setQuery("whales").build());
    questions.onCompleted();
    List<LibrarianAnswer> got = answers.done.get(10, TimeUnit.SECONDS);
    assertThat(got).extracting(LibrarianAnswer::getText)
        .containsExactly("I found 1 book on \"dune\".", "Sorry, nothing on \"whales\".");
    assertThat(got.get(0).getTitlesList()).containsExactly("Dune");
    assertThat(got).extracting(LibrarianAnswer::getQuestionNumber).containsExactly(1, 2);
  }

  @Test
  void bookCoverIsAGifOrNotFound() {
    HttpBody cover = backend.stub.getBookCover(GetBookRequest.newBuilder().setName("shelves/scifi/books/dune").build());
    assertThat(cover.getContentType()).isEqualTo("image/gif");
    assertThat(cover.getData().toStringUtf8()).startsWith("GIF89a");
    assertThatThrownBy(() -> backend.stub.getBookCover(
        GetBookRequest.newBuilder().setName("shelves/fiction/books/beloved").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
