package dev.rosetta.examples.library;

import static dev.rosetta.examples.library.Failures.badFields;
import static dev.rosetta.examples.library.Failures.detail;
import static dev.rosetta.examples.library.Failures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.google.rpc.ResourceInfo;
import dev.rosetta.examples.library.v1.CreateShelfRequest;
import dev.rosetta.examples.library.v1.DeleteShelfRequest;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.ListShelvesRequest;
import dev.rosetta.examples.library.v1.ListShelvesResponse;
import dev.rosetta.examples.library.v1.Shelf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ShelvesTest {
  private final RunningBackend backend = RunningBackend.start();

  @AfterEach
  void stop() {
    backend.close();
  }

  @Test
  void seededShelvesAreListedInNameOrder() {
    ListShelvesResponse response = backend.stub.listShelves(ListShelvesRequest.getDefaultInstance());

    assertThat(response.getShelvesList()).extracting(Shelf::getName)
        .containsExactly("shelves/fiction", "shelves/history", "shelves/scifi");
    assertThat(response.getNextPageToken()).isEmpty();
  }

  @Test
  void pageTokensWalkThroughEveryShelfOnce() {
    ListShelvesResponse first =
        backend.stub.listShelves(ListShelvesRequest.newBuilder().setPageSize(2).build());
    ListShelvesResponse second = backend.stub.listShelves(ListShelvesRequest.newBuilder()
        .setPageSize(2).setPageToken(first.getNextPageToken()).build());

    assertThat(first.getShelvesList()).extracting(Shelf::getName)
        .containsExactly("shelves/fiction", "shelves/history");
    assertThat(first.getNextPageToken()).isNotEmpty();
    assertThat(second.getShelvesList()).extracting(Shelf::getName)
        .containsExactly("shelves/scifi");
    assertThat(second.getNextPageToken()).isEmpty();
  }

  @Test
  void createdShelfGetsTheGivenIdAndAServerCreateTime() {
    Shelf created = backend.stub.createShelf(CreateShelfRequest.newBuilder()
        .setShelfId("poetry")
        .setShelf(Shelf.newBuilder().setName("ignored").setTheme("Poetry"))
        .build());

    assertThat(created.getName()).isEqualTo("shelves/poetry");
    assertThat(created.getTheme()).isEqualTo("Poetry");
    assertThat(created.getCreateTime().getSeconds()).isPositive();
    assertThat(backend.stub.getShelf(GetShelfRequest.newBuilder().setName("shelves/poetry").build()))
        .isEqualTo(created);
  }

  @Test
  void shelfWithoutAnIdIsNamedAfterItsThemeAndNeverCollides() {
    Shelf first = backend.stub.createShelf(CreateShelfRequest.newBuilder()
        .setShelf(Shelf.newBuilder().setTheme("Crime & Mystery")).build());
    Shelf second = backend.stub.createShelf(CreateShelfRequest.newBuilder()
        .setShelf(Shelf.newBuilder().setTheme("Crime & Mystery")).build());

    assertThat(first.getName()).isEqualTo("shelves/crime-mystery");
    assertThat(second.getName()).isEqualTo("shelves/crime-mystery-2");
  }

  @Test
  void duplicateShelfIdIsAlreadyExistsNamingTheShelf() {
    var status = failure(Code.ALREADY_EXISTS, () -> backend.stub.createShelf(
        CreateShelfRequest.newBuilder()
            .setShelfId("fiction")
            .setShelf(Shelf.newBuilder().setTheme("More fiction"))
            .build()));

    ResourceInfo info = detail(status, ResourceInfo.class);
    assertThat(info.getResourceType()).isEqualTo("library.rosetta.dev/Shelf");
    assertThat(info.getResourceName()).isEqualTo("shelves/fiction");
  }

  @Test
  void shelfWithoutThemeOrWithABadIdIsRejectedNamingBothFields() {
    assertThat(badFields(() -> backend.stub.createShelf(CreateShelfRequest.newBuilder()
        .setShelfId("Not An Id").setShelf(Shelf.getDefaultInstance()).build())))
        .containsExactly("shelf.theme", "shelf_id");
  }

  @Test
  void unknownShelfIsNotFoundWithResourceInfo() {
    var status = failure(Code.NOT_FOUND, () -> backend.stub.getShelf(
        GetShelfRequest.newBuilder().setName("shelves/cookery").build()));

    assertThat(status.getMessage()).isEqualTo("shelf \"shelves/cookery\" not found");
    ResourceInfo info = detail(status, ResourceInfo.class);
    assertThat(info.getResourceType()).isEqualTo("library.rosetta.dev/Shelf");
    assertThat(info.getResourceName()).isEqualTo("shelves/cookery");
  }

  @Test
  void malformedShelfNameIsInvalidArgumentNotNotFound() {
    assertThat(badFields(() -> backend.stub.getShelf(
        GetShelfRequest.newBuilder().setName("shelves/Fiction").build())))
        .containsExactly("name");
  }

  @Test
  void negativePageSizeIsRejected() {
    assertThat(badFields(() -> backend.stub.listShelves(
        ListShelvesRequest.newBuilder().setPageSize(-1).build())))
        .containsExactly("page_size");
  }

  @Test
  void pageTokenNotFromThisServerIsRejected() {
    assertThat(badFields(() -> backend.stub.listShelves(
        ListShelvesRequest.newBuilder().setPageToken("page-2").build())))
        .containsExactly("page_token");
  }

  @Test
  void deletingAShelfDeletesItsBooks() {
    backend.stub.deleteShelf(DeleteShelfRequest.newBuilder().setName("shelves/scifi").build());

    failure(Code.NOT_FOUND, () -> backend.stub.getShelf(
        GetShelfRequest.newBuilder().setName("shelves/scifi").build()));
    failure(Code.NOT_FOUND, () -> backend.stub.getBook(
        GetBookRequest.newBuilder().setName("shelves/scifi/books/dune").build()));
    failure(Code.NOT_FOUND, () -> backend.stub.deleteShelf(
        DeleteShelfRequest.newBuilder().setName("shelves/scifi").build()));
  }
}
