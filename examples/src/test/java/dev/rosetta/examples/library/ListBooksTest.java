package dev.rosetta.examples.library;

import static dev.rosetta.examples.library.Failures.badFields;
import static dev.rosetta.examples.library.Failures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import com.google.protobuf.util.Timestamps;
import com.google.rpc.Code;
import dev.rosetta.examples.library.v1.Author;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.ListBooksRequest;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ListBooksTest {
  private final RunningBackend backend = RunningBackend.start();

  @AfterEach
  void stop() {
    backend.close();
  }

  private List<String> list(ListBooksRequest.Builder request) {
    return backend.stub.listBooks(request.build()).getBooksList().stream()
        .map(Book::getName).toList();
  }

  private static ListBooksRequest.Builder on(String shelfId) {
    return ListBooksRequest.newBuilder().setParent("shelves/" + shelfId);
  }

  @Test
  void booksOfAShelfAreListedInNameOrder() {
    assertThat(list(on("scifi"))).containsExactly("shelves/scifi/books/dune",
        "shelves/scifi/books/neuromancer", "shelves/scifi/books/the-left-hand-of-darkness");
  }

  @Test
  void pagesCoverEveryBookOnceAndTotalSizeCountsThemAll() {
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListBooksResponse page = backend.stub.listBooks(
          on("scifi").setPageSize(2).setPageToken(token).build());
      page.getBooksList().forEach(book -> seen.add(book.getName()));
      assertThat(page.getTotalSize()).isEqualTo(3);
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(pages).isEqualTo(2);
    assertThat(seen).isEqualTo(list(on("scifi")));
  }

  @Test
  void genreFilterKeepsOnlyThatGenre() {
    assertThat(list(on("fiction").setGenre(Genre.POETRY)))
        .containsExactly("shelves/fiction/books/leaves-of-grass");
  }

  @Test
  void tagFilterNeedsEveryTag() {
    assertThat(list(on("fiction").addTags("classic").addTags("american")))
        .containsExactly("shelves/fiction/books/beloved", "shelves/fiction/books/leaves-of-grass");
  }

  @Test
  void publishedAfterExcludesOlderAndUndatedBooks() {
    assertThat(list(on("history")
        .setPublishedAfter(Timestamps.parseUnchecked("1900-01-01T00:00:00Z"))))
        .containsExactly("shelves/history/books/spqr");
  }

  @Test
  void availableFilterAppliesOnlyWhenSet() {
    assertThat(list(on("scifi").setAvailable(BoolValue.of(false))))
        .containsExactly("shelves/scifi/books/neuromancer");
    assertThat(list(on("scifi").setAvailable(BoolValue.of(true)))).hasSize(2);
  }

  @Test
  void authorFilterMatchesTheDisplayNameIgnoringCase() {
    assertThat(list(on("scifi").setAuthor(Author.newBuilder().setDisplayName("frank herbert"))))
        .containsExactly("shelves/scifi/books/dune");
  }

  @Test
  void badPagingAndUnknownGenreNumbersAreRejected() {
    assertThat(badFields(() -> list(on("scifi").setPageSize(-5).setGenreValue(42))))
        .containsExactly("page_size", "genre");
    assertThat(badFields(() -> list(on("scifi").setPageToken("not-a-token!"))))
        .containsExactly("page_token");
  }

  @Test
  void listingAnUnknownShelfIsNotFound() {
    failure(Code.NOT_FOUND, () -> list(on("cookery")));
  }
}
