package dev.rosetta.examples.library;

import static dev.rosetta.examples.library.Failures.badFields;
import static dev.rosetta.examples.library.Failures.detail;
import static dev.rosetta.examples.library.Failures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int32Value;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import dev.rosetta.examples.library.v1.Attachment;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CheckoutBookRequest;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.DeleteBookRequest;
import dev.rosetta.examples.library.v1.GetAttachmentRequest;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.MoveBookRequest;
import dev.rosetta.examples.library.v1.SearchBooksRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class BooksTest {
  private final RunningBackend backend = RunningBackend.start();

  @AfterEach
  void stop() {
    backend.close();
  }

  private Book get(String name) {
    return backend.stub.getBook(GetBookRequest.newBuilder().setName(name).build());
  }

  @Test
  void bookIsFoundByNameAndByShelfAndBookId() {
    Book byName = get("shelves/scifi/books/dune");
    Book byIds = backend.stub.getBook(
        GetBookRequest.newBuilder().setShelfId("scifi").setBookId("dune").build());

    assertThat(byName.getTitle()).isEqualTo("Dune");
    assertThat(byName.getAuthor().getBirthYear().getValue()).isEqualTo(1920);
    assertThat(byIds).isEqualTo(byName);
  }

  @Test
  void unknownBookIsNotFoundWithResourceInfo() {
    var status = failure(Code.NOT_FOUND, () -> get("shelves/scifi/books/solaris"));

    ResourceInfo info = detail(status, ResourceInfo.class);
    assertThat(info.getResourceType()).isEqualTo("library.rosetta.dev/Book");
    assertThat(info.getResourceName()).isEqualTo("shelves/scifi/books/solaris");
  }

  @Test
  void bookWithNoAddressAtAllIsInvalidArgument() {
    assertThat(badFields(() -> backend.stub.getBook(GetBookRequest.getDefaultInstance())))
        .containsExactly("name");
  }

  @Test
  void createdBookIdIsASlugOfItsTitle() {
    Book created = backend.stub.createBook(CreateBookRequest.newBuilder()
        .setParent("shelves/scifi")
        .setBook(Book.newBuilder().setTitle("Solaris: Édition Spéciale!").setPageCount(204))
        .build());

    assertThat(created.getName()).isEqualTo("shelves/scifi/books/solaris-edition-speciale");
    assertThat(created.getAvailable()).isTrue();
    assertThat(get(created.getName())).isEqualTo(created);
  }

  @Test
  void bookWithoutTitleAndWithNegativeCountsIsRejectedNamingEachField() {
    assertThat(badFields(() -> backend.stub.createBook(CreateBookRequest.newBuilder()
        .setParent("shelves/scifi")
        .setBook(Book.newBuilder().setPageCount(-1).setPrice(-2))
        .build())))
        .containsExactly("book.title", "book.page_count", "book.price");
  }

  @Test
  void duplicateBookIdIsAlreadyExists() {
    var status = failure(Code.ALREADY_EXISTS, () -> backend.stub.createBook(
        CreateBookRequest.newBuilder()
            .setParent("shelves/scifi")
            .setBookId("dune")
            .setBook(Book.newBuilder().setTitle("Dune (second copy)"))
            .build()));

    assertThat(detail(status, ResourceInfo.class).getResourceName())
        .isEqualTo("shelves/scifi/books/dune");
  }

  @Test
  void bookOnAnUnknownShelfIsNotFoundNamingTheShelf() {
    var status = failure(Code.NOT_FOUND, () -> backend.stub.createBook(
        CreateBookRequest.newBuilder()
            .setParent("shelves/cookery")
            .setBook(Book.newBuilder().setTitle("Salt Fat Acid Heat"))
            .build()));

    assertThat(detail(status, ResourceInfo.class).getResourceName()).isEqualTo("shelves/cookery");
  }

  @Test
  void deletedBookIsGone() {
    backend.stub.deleteBook(
        DeleteBookRequest.newBuilder().setName("shelves/fiction/books/beloved").build());

    failure(Code.NOT_FOUND, () -> get("shelves/fiction/books/beloved"));
  }

  @Test
  void movedBookIsRenamedOntoTheOtherShelf() {
    Book moved = backend.stub.moveBook(MoveBookRequest.newBuilder()
        .setName("shelves/history/books/the-epic-of-gilgamesh")
        .setOtherShelf("shelves/fiction")
        .build());

    assertThat(moved.getName()).isEqualTo("shelves/fiction/books/the-epic-of-gilgamesh");
    assertThat(get(moved.getName()).getTitle()).isEqualTo("The Epic of Gilgamesh");
    failure(Code.NOT_FOUND, () -> get("shelves/history/books/the-epic-of-gilgamesh"));
  }

  @Test
  void movingToAnUnknownShelfIsNotFound() {
    failure(Code.NOT_FOUND, () -> backend.stub.moveBook(MoveBookRequest.newBuilder()
        .setName("shelves/scifi/books/dune").setOtherShelf("shelves/cookery").build()));
  }

  @Test
  void checkingOutLendsTheBookToTheBorrower() {
    Book lent = backend.stub.checkoutBook(CheckoutBookRequest.newBuilder()
        .setName("shelves/scifi/books/dune")
        .setBorrower("grace")
        .setPeriod(Durations.fromDays(7))
        .build());

    assertThat(lent.getAvailable()).isFalse();
    assertThat(lent.getBorrower()).isEqualTo("grace");
  }

  @Test
  void checkingOutALentBookFailsWithErrorInfoAndPreconditionFailure() {
    var status = failure(Code.FAILED_PRECONDITION, () -> backend.stub.checkoutBook(
        CheckoutBookRequest.newBuilder()
            .setName("shelves/scifi/books/neuromancer").setBorrower("grace").build()));

    ErrorInfo info = detail(status, ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("BOOK_ALREADY_CHECKED_OUT");
    assertThat(info.getDomain()).isEqualTo("library.rosetta.dev");
    assertThat(info.getMetadataMap()).containsEntry("borrower", "ada");
    PreconditionFailure.Violation violation =
        detail(status, PreconditionFailure.class).getViolations(0);
    assertThat(violation.getSubject()).isEqualTo("shelves/scifi/books/neuromancer");
  }

  @Test
  void checkoutWithoutBorrowerOrWithANegativePeriodIsRejected() {
    assertThat(badFields(() -> backend.stub.checkoutBook(CheckoutBookRequest.newBuilder()
        .setName("shelves/scifi/books/dune").setPeriod(Durations.fromDays(-1)).build())))
        .containsExactly("borrower", "period");
  }

  @Test
  void searchMatchesTitleWordsGenresPagesAndPrice() {
    SearchBooksRequest classics = SearchBooksRequest.newBuilder()
        .addGenres(Genre.SCIENCE_FICTION).addGenres(Genre.POETRY)
        .setMinPages(Int32Value.of(300))
        .setMaxPrice(11)
        .build();

    assertThat(backend.stub.searchBooks(classics).getBooksList()).extracting(Book::getName)
        .containsExactly("shelves/fiction/books/leaves-of-grass",
            "shelves/scifi/books/dune", "shelves/scifi/books/the-left-hand-of-darkness");
    assertThat(backend.stub.searchBooks(SearchBooksRequest.newBuilder()
        .setQuery("  hand DARK ").build()).getBooksList()).extracting(Book::getTitle)
        .containsExactly("The Left Hand of Darkness");
  }

  @Test
  void searchWithANegativePriceIsRejected() {
    assertThat(badFields(() -> backend.stub.searchBooks(
        SearchBooksRequest.newBuilder().setMaxPrice(-1).build())))
        .containsExactly("max_price");
  }

  @Test
  void getBookAuthorReturnsTheWholeBookForTheGatewayToPickFrom() {
    Book book = backend.stub.getBookAuthor(
        GetBookRequest.newBuilder().setName("shelves/history/books/spqr").build());

    assertThat(book.getAuthor().getDisplayName()).isEqualTo("Mary Beard");
  }

  @Test
  void anyAttachmentPathUnderAnExistingBookHasSyntheticContent() {
    Attachment attachment = backend.stub.getAttachment(GetAttachmentRequest.newBuilder()
        .setBook("shelves/scifi/books/dune").setPath("notes/2024/review%2Fdraft.txt").build());

    assertThat(attachment.getBook()).isEqualTo("shelves/scifi/books/dune");
    assertThat(attachment.getContent())
        .isEqualTo("attachment notes/2024/review%2Fdraft.txt of Dune");
    failure(Code.NOT_FOUND, () -> backend.stub.getAttachment(GetAttachmentRequest.newBuilder()
        .setBook("shelves/scifi/books/solaris").setPath("a.txt").build()));
    assertThat(badFields(() -> backend.stub.getAttachment(GetAttachmentRequest.newBuilder()
        .setBook("shelves/scifi/books/dune").build())))
        .containsExactly("path");
  }
}
