package dev.example;

import dev.example.client.ApiClient;
import dev.example.client.ApiException;
import dev.example.client.ApiResponse;
import dev.example.client.api.LibraryServiceApi;
import dev.example.client.model.Attachment;
import dev.example.client.model.Book;
import dev.example.client.model.ImportBooksResponse;
import dev.example.client.model.LibraryServiceCheckoutBookBody;
import dev.example.client.model.LibraryServiceUpdateBookBody;
import dev.example.client.model.ListShelvesResponse;
import dev.example.client.model.Status;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Calls the example library through the java (native) client generated from the gateway's
 * /openapi.json (LibraryClientIT generates it beside this file). Every call checks its result;
 * the first failed check ends the program with exit code 1. Argument: the gateway's base URL.
 */
public final class LibraryClient {
  private static int checks;

  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(args[0]);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer demo-token"));
    LibraryServiceApi api = new LibraryServiceApi(client);

    ListShelvesResponse shelves = api.libraryServiceListShelves(10, null);
    check(shelves.getShelves().stream().anyMatch(s -> "shelves/scifi".equals(s.getName())), "list shelves", shelves);

    Book dune = api.libraryServiceGetBook("scifi", "dune", null, null);
    check("Dune".equals(dune.getTitle()) && "Frank Herbert".equals(dune.getAuthor().getDisplayName()),
        "get a book by shelf and book id", dune);
    check(dune.getIsbn() != null && !dune.getIsbn().isEmpty(), "an int64 arrives as a string", dune.getIsbn());

    Book created = api.libraryServiceCreateBook("scifi", new Book().title("Ubik").pageCount(202), "java-ubik");
    check("shelves/scifi/books/java-ubik".equals(created.getName()) && created.getPageCount() == 202,
        "create a book", created);

    Book patched = api.libraryServiceUpdateBook("scifi", "java-ubik",
        new LibraryServiceUpdateBookBody().price(9.25).title("not applied: outside the mask"), "price");
    check(patched.getPrice() == 9.25 && "Ubik".equals(patched.getTitle()), "patch with an update mask", patched);

    api.libraryServiceDeleteBook("scifi", "java-ubik");
    try {
      api.libraryServiceGetBook("scifi", "java-ubik", null, null);
      check(false, "a deleted book is gone", null);
    } catch (ApiException e) {
      Status status = client.getObjectMapper().readValue(e.getResponseBody(), Status.class);
      check(e.getCode() == 404 && status.getCode() == 5 && status.getMessage().contains("java-ubik"),
          "delete, then a typed google.rpc.Status error (404, NOT_FOUND)", status);
    }

    try {
      api.libraryServiceCheckoutBook("scifi", "neuromancer", new LibraryServiceCheckoutBookBody().borrower("grace"));
      check(false, "a lent book cannot be checked out", null);
    } catch (ApiException e) {
      Status status = client.getObjectMapper().readValue(e.getResponseBody(), Status.class);
      check(status.getCode() == 9 && status.getDetails().stream()
              .anyMatch(d -> "type.googleapis.com/google.rpc.ErrorInfo".equals(d.getAtType())),
          "error details arrive with their @type", status);
    }

    ApiResponse<File> cover = api.libraryServiceGetBookCoverWithHttpInfo("scifi", "dune", null, null);
    byte[] bytes = Files.readAllBytes(cover.getData().toPath());
    check(List.of("image/gif").equals(cover.getHeaders().get("content-type"))
            && new String(bytes, 0, 3, StandardCharsets.US_ASCII).equals("GIF"),
        "download an HttpBody (a GIF)", cover.getHeaders().get("content-type"));

    List<Book> watched = api.libraryServiceWatchBooks("scifi", null);
    check(watched.size() == 3 && watched.stream().allMatch(b -> b.getName().startsWith("shelves/scifi/books/")),
        "read a server stream", watched.stream().map(Book::getName).toList());

    ImportBooksResponse imported = api.libraryServiceImportBooks("history",
        List.of(new Book().title("Java Annals"), new Book().title("Java Histories")), null);
    check(imported.getCreated() == 2, "send a client stream", imported);

    Attachment attachment = api.libraryServiceGetAttachment("scifi", "dune", "notes/2024/review.txt");
    check("notes/2024/review.txt".equals(attachment.getPath())
            && "shelves/scifi/books/dune".equals(attachment.getBook()),
        "call a {path=**} method with a value holding /", attachment);

    System.out.println(checks + " checks passed");
  }

  private static void check(boolean ok, String what, Object got) {
    if (!ok) {
      System.err.println("FAILED: " + what + (got == null ? "" : ": got " + got));
      System.exit(1);
    }
    checks++;
    System.out.println("ok " + what);
  }
}
