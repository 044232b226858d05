package dev.rosetta.examples.library;

import com.google.api.HttpBody;
import com.google.protobuf.Empty;
import dev.rosetta.examples.library.v1.ImportBooksResponse;
import dev.rosetta.examples.library.v1.LibrarianAnswer;
import dev.rosetta.examples.library.v1.LibrarianQuestion;
import dev.rosetta.examples.library.v1.WatchBooksRequest;
import dev.rosetta.examples.library.v1.Attachment;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CheckoutBookRequest;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.CreateShelfRequest;
import dev.rosetta.examples.library.v1.DeleteBookRequest;
import dev.rosetta.examples.library.v1.DeleteShelfRequest;
import dev.rosetta.examples.library.v1.GetAttachmentRequest;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.examples.library.v1.ListBooksRequest;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import dev.rosetta.examples.library.v1.ListShelvesRequest;
import dev.rosetta.examples.library.v1.ListShelvesResponse;
import dev.rosetta.examples.library.v1.MoveBookRequest;
import dev.rosetta.examples.library.v1.SearchBooksRequest;
import dev.rosetta.examples.library.v1.SearchBooksResponse;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.examples.library.v1.UpdateBookRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The gRPC face of {@link Library}: each method runs one library operation and turns its
 * result or its {@link StatusRuntimeException} into the call's outcome. Thread safe, because
 * the library is.
 */
final class LibraryService extends LibraryServiceGrpc.LibraryServiceImplBase {
  private final Library library;
  private final LibraryStreams streams;

  /** {@code timer} paces the streams (WatchBooks' interval). */
  LibraryService(Library library, ScheduledExecutorService timer) {
    this.library = library;
    this.streams = new LibraryStreams(library, timer);
  }

  @Override
  public void createShelf(CreateShelfRequest request, StreamObserver<Shelf> response) {
    respond(response, () -> library.createShelf(request));
  }

  @Override
  public void getShelf(GetShelfRequest request, StreamObserver<Shelf> response) {
    respond(response, () -> library.getShelf(request.getName()));
  }

  @Override
  public void listShelves(
      ListShelvesRequest request, StreamObserver<ListShelvesResponse> response) {
    respond(response, () -> library.listShelves(request));
  }

  @Override
  public void deleteShelf(DeleteShelfRequest request, StreamObserver<Empty> response) {
    respond(response, () -> {
      library.deleteShelf(request.getName());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void createBook(CreateBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.createBook(request));
  }

  @Override
  public void getBook(GetBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.getBook(request));
  }

  @Override
  public void listBooks(ListBooksRequest request, StreamObserver<ListBooksResponse> response) {
    respond(response, () -> library.listBooks(request));
  }

  @Override
  public void updateBook(UpdateBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.updateBook(request));
  }

  @Override
  public void deleteBook(DeleteBookRequest request, StreamObserver<Empty> response) {
    respond(response, () -> {
      library.deleteBook(request.getName());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void moveBook(MoveBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.moveBook(request.getName(), request.getOtherShelf()));
  }

  @Override
  public void checkoutBook(CheckoutBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.checkoutBook(request));
  }

  @Override
  public void searchBooks(
      SearchBooksRequest request, StreamObserver<SearchBooksResponse> response) {
    respond(response, () -> library.searchBooks(request));
  }

  /** The whole book: the gateway's {@code response_body: "author"} picks the author out. */
  @Override
  public void getBookAuthor(GetBookRequest request, StreamObserver<Book> response) {
    respond(response, () -> library.getBook(request));
  }

  @Override
  public void getAttachment(GetAttachmentRequest request, StreamObserver<Attachment> response) {
    respond(response, () -> library.getAttachment(request.getBook(), request.getPath()));
  }

  @Override
  public void watchBooks(WatchBooksRequest request, StreamObserver<Book> response) {
    streams.watchBooks(request, response);
  }

  @Override
  public StreamObserver<CreateBookRequest> importBooks(StreamObserver<ImportBooksResponse> response) {
    return streams.importBooks(response);
  }

  @Override
  public StreamObserver<LibrarianQuestion> askLibrarian(StreamObserver<LibrarianAnswer> response) {
    return streams.askLibrarian(response);
  }

  @Override
  public void getBookCover(GetBookRequest request, StreamObserver<HttpBody> response) {
    respond(response, () -> streams.getBookCover(request));
  }

  /** Only status exceptions are expected; anything else is a bug and grpc-java reports it. */
  private static <T> void respond(StreamObserver<T> response, Supplier<T> operation) {
    T result;
    try {
      result = operation.get();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
