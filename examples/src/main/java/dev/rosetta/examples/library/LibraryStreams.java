package dev.rosetta.examples.library;

import com.google.api.HttpBody;
import com.google.protobuf.util.Durations;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.ImportBooksResponse;
import dev.rosetta.examples.library.v1.LibrarianAnswer;
import dev.rosetta.examples.library.v1.LibrarianQuestion;
import dev.rosetta.examples.library.v1.SearchBooksRequest;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The streaming methods of the library, one per RPC shape, kept apart from the unary ones in
 * {@link LibraryService}. Thread safe: the library is, and each call's state is its own.
 */
final class LibraryStreams {
  private static final long MAX_INTERVAL_MILLIS = 10_000;
  private final Library library;
  private final ScheduledExecutorService timer;

  LibraryStreams(Library library, ScheduledExecutorService timer) {
    this.library = library;
    this.timer = timer;
  }

  /** The shelf's books one by one, {@code interval} apart (on a timer, never a sleeping thread). */
  void watchBooks(WatchBooksRequest request, StreamObserver<Book> response) {
    long millis;
    List<Book> books;
    try {
      millis = request.hasInterval() ? Durations.toMillis(request.getInterval()) : 0;
      if (millis < 0 || millis > MAX_INTERVAL_MILLIS) {
        throw Status.INVALID_ARGUMENT.withDescription("interval must be between 0s and 10s").asRuntimeException();
      }
      books = library.booksOn(request.getParent());
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    ServerCallStreamObserver<Book> call = (ServerCallStreamObserver<Book>) response;
    Iterator<Book> next = books.iterator();
    Runnable send = new Runnable() {
      @Override
      public void run() {
        if (call.isCancelled()) {
          return;
        }
        if (!next.hasNext()) {
          call.onCompleted();
          return;
        }
        call.onNext(next.next());
        timer.schedule(this, millis, TimeUnit.MILLISECONDS);
      }
    };
    timer.execute(send);
  }

  /** Creates each book as it arrives; the answer counts them. A bad book fails the whole call. */
  StreamObserver<CreateBookRequest> importBooks(StreamObserver<ImportBooksResponse> response) {
    return new StreamObserver<>() {
      private final ImportBooksResponse.Builder result = ImportBooksResponse.newBuilder();
      private boolean failed;

      @Override
      public void onNext(CreateBookRequest request) {
        if (failed) {
          return;
        }
        try {
          result.addNames(library.createBook(request).getName()).setCreated(result.getCreated() + 1);
        } catch (StatusRuntimeException e) {
          failed = true;
          response.onError(Status.fromThrowable(e).augmentDescription(
              "book " + (result.getCreated() + 1) + " of the import; the ones before it were created")
              .asRuntimeException(e.getTrailers()));
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        if (!failed) {
          response.onNext(result.build());
          response.onCompleted();
        }
      }
    };
  }

  /** Answers each question at once with the books that match it, numbering the questions. */
  StreamObserver<LibrarianQuestion> askLibrarian(StreamObserver<LibrarianAnswer> response) {
    return new StreamObserver<>() {
      private int questions;

      @Override
      public void onNext(LibrarianQuestion question) {
        questions++;
        List<String> titles = library.searchBooks(SearchBooksRequest.newBuilder().setQuery(question.getQuery()).build())
            .getBooksList().stream().map(Book::getTitle).toList();
        String text = titles.isEmpty()
            ? "Sorry, nothing on \"" + question.getQuery() + "\"."
            : "I found " + titles.size() + (titles.size() == 1 ? " book" : " books") + " on \"" + question.getQuery()
                + "\".";
        response.onNext(LibrarianAnswer.newBuilder().setText(text).addAllTitles(titles)
            .setQuestionNumber(questions).build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onCompleted();
      }
    };
  }

  /** The cover thumbnail as a GIF image; NOT_FOUND when the book has none. */
  HttpBody getBookCover(GetBookRequest request) {
    Book book = library.getBook(request);
    if (book.getCoverThumbnail().isEmpty()) {
      throw Status.NOT_FOUND.withDescription(book.getName() + " has no cover").asRuntimeException();
    }
    return HttpBody.newBuilder().setContentType("image/gif").setData(book.getCoverThumbnail()).build();
  }
}
