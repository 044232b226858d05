package dev.rosetta.examples.library;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.rosetta.examples.library.v1.Attachment;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.CheckoutBookRequest;
import dev.rosetta.examples.library.v1.CreateBookRequest;
import dev.rosetta.examples.library.v1.CreateShelfRequest;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.GetBookRequest;
import dev.rosetta.examples.library.v1.ListBooksRequest;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import dev.rosetta.examples.library.v1.ListShelvesRequest;
import dev.rosetta.examples.library.v1.ListShelvesResponse;
import dev.rosetta.examples.library.v1.SearchBooksRequest;
import dev.rosetta.examples.library.v1.SearchBooksResponse;
import dev.rosetta.examples.library.v1.Shelf;
import dev.rosetta.examples.library.v1.UpdateBookRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The library's state and rules, free of gRPC plumbing. Thread safe: every operation holds the
 * instance lock, which is plenty for an example whose operations take microseconds. Results
 * are immutable protobuf messages, so nothing escapes the lock that could change later.
 * Failures are thrown as {@link io.grpc.StatusRuntimeException}s built by {@link Errors}.
 */
final class Library {
  private final Clock clock;
  /** Shelf id to shelf; sorted, so listing order (and paging) is stable. */
  private final Map<String, Shelf> shelves = new TreeMap<>();
  /** Shelf id to (book id to book). */
  private final Map<String, TreeMap<String, Book>> books = new TreeMap<>();

  Library(Clock clock, List<Shelf> seedShelves, List<Book> seedBooks) {
    this.clock = clock;
    for (Shelf shelf : seedShelves) {
      String id = Names.parseShelf("shelf.name", shelf.getName());
      shelves.put(id, shelf);
      books.put(id, new TreeMap<>());
    }
    for (Book book : seedBooks) {
      Names.BookName name = Names.parseBook("book.name", book.getName());
      books.get(name.shelfId()).put(name.bookId(), book);
    }
  }

  static Library seeded(Clock clock) {
    return new Library(clock, SeedData.shelves(), SeedData.books());
  }

  synchronized Shelf createShelf(CreateShelfRequest request) {
    Errors.Violations violations = new Errors.Violations();
    String theme = request.getShelf().getTheme();
    if (theme.isBlank()) {
      violations.add("shelf.theme", "must not be empty");
    }
    String id = request.getShelfId();
    if (!id.isEmpty() && !Names.isValidId(id)) {
      violations.add("shelf_id", "\"" + id + "\": " + Names.idRule());
    }
    violations.throwIfAny();
    if (id.isEmpty()) {
      id = unusedId(Names.slug(theme), shelves.keySet()::contains);
    } else if (shelves.containsKey(id)) {
      throw Errors.alreadyExists(Errors.SHELF, Names.shelfName(id));
    }
    // name and create_time are output only: whatever the client sent is replaced.
    Shelf shelf = request.getShelf().toBuilder()
        .setName(Names.shelfName(id))
        .setCreateTime(Timestamps.fromMillis(clock.millis()))
        .build();
    shelves.put(id, shelf);
    books.put(id, new TreeMap<>());
    return shelf;
  }

  /** The books of a shelf, in name order (a copy). */
  synchronized List<Book> booksOn(String parent) {
    Names.parseShelf("parent", parent);
    return List.copyOf(books.get(existingShelf("parent", parent)).values());
  }

  synchronized Shelf getShelf(String name) {
    return shelves.get(existingShelf("name", name));
  }

  synchronized ListShelvesResponse listShelves(ListShelvesRequest request) {
    Errors.Violations violations = new Errors.Violations();
    Pages.checkPageSize(violations, "page_size", request.getPageSize());
    violations.throwIfAny();
    Pages.Page<Shelf> page = Pages.page(List.copyOf(shelves.values()), Shelf::getName,
        request.getPageSize(), request.getPageToken());
    return ListShelvesResponse.newBuilder()
        .addAllShelves(page.items())
        .setNextPageToken(page.nextPageToken())
        .build();
  }

  synchronized void deleteShelf(String name) {
    String id = existingShelf("name", name);
    shelves.remove(id);
    books.remove(id);
  }

  synchronized Book createBook(CreateBookRequest request) {
    String shelfId = Names.parseShelf("parent", request.getParent());
    Book book = request.getBook();
    Errors.Violations violations = new Errors.Violations();
    checkBook(violations, book);
    String bookId = request.getBookId();
    if (!bookId.isEmpty() && !Names.isValidId(bookId)) {
      violations.add("book_id", "\"" + bookId + "\": " + Names.idRule());
    } else if (bookId.isEmpty() && !book.getTitle().isBlank()
        && Names.slug(book.getTitle()).isEmpty()) {
      violations.add("book_id", "cannot be derived from the title; give one");
    }
    violations.throwIfAny();
    TreeMap<String, Book> shelf = books.get(existingShelf("parent", request.getParent()));
    if (bookId.isEmpty()) {
      bookId = unusedId(Names.slug(book.getTitle()), shelf::containsKey);
    }
    Names.BookName name = new Names.BookName(shelfId, bookId);
    if (shelf.containsKey(bookId)) {
      throw Errors.alreadyExists(Errors.BOOK, name.toString());
    }
    // A new book is on the shelf unless it is created already lent out.
    Book created = book.toBuilder()
        .setName(name.toString())
        .setAvailable(book.getBorrower().isEmpty())
        .build();
    shelf.put(bookId, created);
    return created;
  }

  synchronized Book getBook(GetBookRequest request) {
    String name = request.getName();
    if (name.isEmpty() && !request.getShelfId().isEmpty() && !request.getBookId().isEmpty()) {
      name = "shelves/" + request.getShelfId() + "/books/" + request.getBookId();
    }
    return existingBook("name", name);
  }

  synchronized ListBooksResponse listBooks(ListBooksRequest request) {
    Names.parseShelf("parent", request.getParent());
    Errors.Violations violations = new Errors.Violations();
    Pages.checkPageSize(violations, "page_size", request.getPageSize());
    if (request.getGenre() == Genre.UNRECOGNIZED) {
      violations.add("genre", "unknown genre number " + request.getGenreValue());
    }
    violations.throwIfAny();
    String shelfId = existingShelf("parent", request.getParent());
    List<Book> matching = books.get(shelfId).values().stream()
        .filter(BookFilters.of(request))
        .toList();
    Pages.Page<Book> page =
        Pages.page(matching, Book::getName, request.getPageSize(), request.getPageToken());
    return ListBooksResponse.newBuilder()
        .addAllBooks(page.items())
        .setNextPageToken(page.nextPageToken())
        .setTotalSize(matching.size())
        .build();
  }

  synchronized Book updateBook(UpdateBookRequest request) {
    Book existing = existingBook("book.name", request.getBook().getName());
    Book updated = BookUpdates.apply(existing, request.getBook(), request.getUpdateMask());
    Errors.Violations violations = new Errors.Violations();
    checkBook(violations, updated);
    violations.throwIfAny();
    Names.BookName name = Names.parseBook("book.name", updated.getName());
    books.get(name.shelfId()).put(name.bookId(), updated);
    return updated;
  }

  synchronized void deleteBook(String name) {
    existingBook("name", name);
    Names.BookName parsed = Names.parseBook("name", name);
    books.get(parsed.shelfId()).remove(parsed.bookId());
  }

  synchronized Book moveBook(String name, String otherShelf) {
    Book book = existingBook("name", name);
    Names.BookName from = Names.parseBook("name", name);
    String toShelf = existingShelf("other_shelf", otherShelf);
    if (toShelf.equals(from.shelfId())) {
      return book; // Already there: moving is idempotent.
    }
    Names.BookName to = new Names.BookName(toShelf, from.bookId());
    if (books.get(toShelf).containsKey(to.bookId())) {
      throw Errors.alreadyExists(Errors.BOOK, to.toString());
    }
    Book moved = book.toBuilder().setName(to.toString()).build();
    books.get(from.shelfId()).remove(from.bookId());
    books.get(toShelf).put(to.bookId(), moved);
    return moved;
  }

  /**
   * Lends a book out. The period is checked but not tracked: the example keeps no due dates.
   */
  synchronized Book checkoutBook(CheckoutBookRequest request) {
    Errors.Violations violations = new Errors.Violations();
    if (request.getBorrower().isBlank()) {
      violations.add("borrower", "must not be empty");
    }
    if (request.hasPeriod() && !Durations.isPositive(request.getPeriod())) {
      violations.add("period", "must be positive, got " + Durations.toString(request.getPeriod()));
    }
    Names.parseBook("name", request.getName());
    violations.throwIfAny();
    Book book = existingBook("name", request.getName());
    if (!book.getAvailable()) {
      throw Errors.alreadyCheckedOut(book);
    }
    Book lent = book.toBuilder().setAvailable(false).setBorrower(request.getBorrower()).build();
    Names.BookName name = Names.parseBook("name", book.getName());
    books.get(name.shelfId()).put(name.bookId(), lent);
    return lent;
  }

  synchronized SearchBooksResponse searchBooks(SearchBooksRequest request) {
    Errors.Violations violations = new Errors.Violations();
    BookFilters.check(violations, request);
    violations.throwIfAny();
    int limit = request.getPageSize() == 0 ? Pages.MAX_PAGE_SIZE
        : Math.min(request.getPageSize(), Pages.MAX_PAGE_SIZE);
    List<Book> found = books.values().stream()
        .flatMap(shelf -> shelf.values().stream())
        .filter(BookFilters.of(request))
        .limit(limit)
        .toList();
    return SearchBooksResponse.newBuilder().addAllBooks(found).build();
  }

  /** Any path under an existing book has an attachment: its content is made up on the spot. */
  synchronized Attachment getAttachment(String bookName, String path) {
    if (path.isEmpty()) {
      Names.parseBook("book", bookName);
      throw Errors.badRequest("path", "must not be empty");
    }
    Book book = existingBook("book", bookName);
    return Attachment.newBuilder()
        .setBook(book.getName())
        .setPath(path)
        .setContent("attachment " + path + " of " + book.getTitle())
        .build();
  }

  private String existingShelf(String field, String name) {
    String id = Names.parseShelf(field, name);
    if (!shelves.containsKey(id)) {
      throw Errors.notFound(Errors.SHELF, name);
    }
    return id;
  }

  private Book existingBook(String field, String name) {
    Names.BookName parsed = Names.parseBook(field, name);
    Map<String, Book> shelf = books.get(parsed.shelfId());
    Book book = shelf == null ? null : shelf.get(parsed.bookId());
    if (book == null) {
      throw Errors.notFound(Errors.BOOK, name);
    }
    return book;
  }

  private static void checkBook(Errors.Violations violations, Book book) {
    if (book.getTitle().isBlank()) {
      violations.add("book.title", "must not be empty");
    }
    if (book.getPageCount() < 0) {
      violations.add("book.page_count", "must not be negative, got " + book.getPageCount());
    }
    if (book.getPrice() < 0 || Double.isNaN(book.getPrice())) {
      violations.add("book.price", "must be a non-negative number");
    }
    if (book.getRating() < 0 || book.getRating() > 5) {
      violations.add("book.rating", "must be between 0 and 5, got " + book.getRating());
    }
    if (book.getIsbn() < 0) {
      violations.add("book.isbn", "must not be negative");
    }
    if (book.hasLoanPeriod() && !Durations.isPositive(book.getLoanPeriod())) {
      violations.add("book.loan_period", "must be positive");
    }
  }

  /** {@code base}, or {@code base-2}, {@code base-3}, ... whichever is free first. */
  private static String unusedId(String base, java.util.function.Predicate<String> taken) {
    // Leave room for a "-NN" suffix within the 63 characters an id may have.
    String stem = base.length() > 59 ? base.substring(0, 59).replaceAll("-+$", "") : base;
    stem = stem.isEmpty() ? "shelf" : stem;
    String id = stem;
    for (int n = 2; taken.test(id); n++) {
      id = stem + "-" + n;
    }
    return id;
  }
}
