package dev.rosetta.examples.library;

import com.google.protobuf.util.Timestamps;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.ListBooksRequest;
import dev.rosetta.examples.library.v1.SearchBooksRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The filters of ListBooks and SearchBooks. Each request field, when set, narrows the result;
 * together they are ANDed. They exist to give every kind of query parameter binding (enum,
 * repeated, Timestamp, BoolValue, nested field, Int32Value, double) an observable effect.
 */
final class BookFilters {
  private BookFilters() {}

  static Predicate<Book> of(ListBooksRequest request) {
    Predicate<Book> filter = book -> true;
    if (request.getGenre() != Genre.GENRE_UNSPECIFIED) {
      filter = filter.and(book -> book.getGenre() == request.getGenre());
    }
    if (request.getTagsCount() > 0) {
      filter = filter.and(book -> book.getTagsList().containsAll(request.getTagsList()));
    }
    if (request.hasPublishedAfter()) {
      // Books without a publish time are excluded: "after" cannot be shown for them.
      filter = filter.and(book -> book.hasPublishTime()
          && Timestamps.compare(book.getPublishTime(), request.getPublishedAfter()) > 0);
    }
    if (request.hasAvailable()) {
      filter = filter.and(book -> book.getAvailable() == request.getAvailable().getValue());
    }
    String author = request.getAuthor().getDisplayName();
    if (!author.isEmpty()) {
      // Case-insensitive, so `author.display_name=frank%20herbert` works from a shell.
      filter = filter.and(book -> book.getAuthor().getDisplayName().equalsIgnoreCase(author));
    }
    return filter;
  }

  static Predicate<Book> of(SearchBooksRequest request) {
    Predicate<Book> filter = book -> true;
    List<String> words = words(request.getQuery());
    if (!words.isEmpty()) {
      filter = filter.and(book -> {
        String title = book.getTitle().toLowerCase(Locale.ROOT);
        return words.stream().allMatch(title::contains);
      });
    }
    if (request.getGenresCount() > 0) {
      filter = filter.and(book -> request.getGenresList().contains(book.getGenre()));
    }
    if (request.hasMinPages()) {
      filter = filter.and(book -> book.getPageCount() >= request.getMinPages().getValue());
    }
    if (request.getMaxPrice() > 0) {
      filter = filter.and(book -> book.getPrice() <= request.getMaxPrice());
    }
    return filter;
  }

  static void check(Errors.Violations violations, SearchBooksRequest request) {
    if (request.getMaxPrice() < 0 || Double.isNaN(request.getMaxPrice())) {
      violations.add("max_price", "must be a positive number, or 0 for no limit");
    }
    if (request.getGenresList().contains(Genre.UNRECOGNIZED)) {
      violations.add("genres", "unknown genre number");
    }
    Pages.checkPageSize(violations, "page_size", request.getPageSize());
  }

  private static List<String> words(String query) {
    String trimmed = query.trim().toLowerCase(Locale.ROOT);
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }
}
