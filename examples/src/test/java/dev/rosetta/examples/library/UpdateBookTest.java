package dev.rosetta.examples.library;

import static dev.rosetta.examples.library.Failures.badFields;
import static dev.rosetta.examples.library.Failures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.rpc.Code;
import dev.rosetta.examples.library.v1.Author;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.UpdateBookRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class UpdateBookTest {
  private static final String DUNE = "shelves/scifi/books/dune";

  private final RunningBackend backend = RunningBackend.start();
  private final Book dune = backend.stub.getBook(GetBookRequest.newBuilder().setName(DUNE).build());

  @AfterEach
  void stop() {
    backend.close();
  }

  private Book update(Book patch, String... paths) {
    UpdateBookRequest.Builder request = UpdateBookRequest.newBuilder().setBook(patch);
    if (paths.length > 0) {
      request.setUpdateMask(FieldMask.newBuilder().addAllPaths(java.util.List.of(paths)));
    }
    return backend.stub.updateBook(request.build());
  }

  @Test
  void onlyMaskedFieldsChange() {
    Book updated = update(Book.newBuilder().setName(DUNE)
        .setTitle("Dune (40th anniversary)").setPrice(1).build(), "title");

    assertThat(updated).isEqualTo(dune.toBuilder().setTitle("Dune (40th anniversary)").build());
    assertThat(backend.stub.getBook(GetBookRequest.newBuilder().setName(DUNE).build()))
        .isEqualTo(updated);
  }

  @Test
  void withoutAMaskEverySetFieldChangesAndRepeatedFieldsAreReplaced() {
    Book updated = update(Book.newBuilder().setName(DUNE)
        .setPageCount(900).addTags("epic").putLabels("format", "hardcover").build());

    assertThat(updated.getPageCount()).isEqualTo(900);
    assertThat(updated.getTagsList()).containsExactly("epic");
    assertThat(updated.getLabelsMap()).containsExactly(java.util.Map.entry("format", "hardcover"));
    assertThat(updated.getTitle()).isEqualTo("Dune");
  }

  @Test
  void aMaskedFieldMissingFromThePatchIsCleared() {
    Book updated = update(Book.newBuilder().setName(DUNE).build(), "tags", "author.birth_year");

    assertThat(updated.getTagsList()).isEmpty();
    assertThat(updated.getAuthor())
        .isEqualTo(Author.newBuilder().setDisplayName("Frank Herbert").build());
  }

  @Test
  void unknownOrImmutableMaskPathsAreRejected() {
    assertThat(badFields(() -> update(Book.newBuilder().setName(DUNE).build(),
        "subtitle", "name", "author.pen_name")))
        .containsExactly("update_mask", "update_mask", "update_mask");
  }

  @Test
  void clearingTheTitleIsRejected() {
    assertThat(badFields(() -> update(Book.newBuilder().setName(DUNE).build(), "title")))
        .containsExactly("book.title");
  }

  @Test
  void updatingAnUnknownBookIsNotFound() {
    failure(Code.NOT_FOUND, () -> update(
        Book.newBuilder().setName("shelves/scifi/books/solaris").setTitle("Solaris").build()));
  }
}
