package dev.rosetta.examples.library;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int32Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.rosetta.examples.library.v1.Author;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.Shelf;
import java.util.List;

/**
 * The fixed data every backend starts with, so docs, the demo and tests can name real
 * resources. Times are fixed too: the same request gives the same JSON on every run.
 *
 * <pre>
 * shelves/fiction   books: middlemarch, beloved, leaves-of-grass
 * shelves/scifi     books: dune, neuromancer (checked out by "ada"), the-left-hand-of-darkness
 * shelves/history   books: spqr, the-epic-of-gilgamesh (no author birth year, no publish time)
 * </pre>
 */
final class SeedData {
  private static final String SHELVES_CREATED = "2024-01-01T00:00:00Z";
  /** A 1x1 transparent GIF: small enough for docs, and base64 in JSON shows a bytes field. */
  private static final ByteString THUMBNAIL = ByteString.copyFrom(java.util.Base64.getDecoder()
      .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));

  private SeedData() {}

  static List<Shelf> shelves() {
    return List.of(
        shelf("fiction", "Fiction"),
        shelf("scifi", "Science fiction"),
        shelf("history", "History"));
  }

  static List<Book> books() {
    return List.of(
        book("fiction", "middlemarch", "Middlemarch", "George Eliot", 1819, Genre.FICTION)
            .setIsbn(9780141439549L).setPageCount(880).setPrice(12.99).setRating(4.1f)
            .addTags("classic").addTags("victorian")
            .setPublishTime(Timestamps.parseUnchecked("1871-12-01T00:00:00Z"))
            .putLabels("format", "paperback").build(),
        book("fiction", "beloved", "Beloved", "Toni Morrison", 1931, Genre.FICTION)
            .setIsbn(9781400033416L).setPageCount(324).setPrice(15.5).setRating(4.3f)
            .addTags("classic").addTags("american")
            .setPublishTime(Timestamps.parseUnchecked("1987-09-02T00:00:00Z"))
            .putLabels("format", "hardcover").build(),
        book("fiction", "leaves-of-grass", "Leaves of Grass", "Walt Whitman", 1819, Genre.POETRY)
            .setIsbn(9780486456768L).setPageCount(464).setPrice(6.0).setRating(4.0f)
            .addTags("classic").addTags("american").addTags("poetry")
            .setPublishTime(Timestamps.parseUnchecked("1855-07-04T00:00:00Z")).build(),
        book("scifi", "dune", "Dune", "Frank Herbert", 1920, Genre.SCIENCE_FICTION)
            .setIsbn(9780441172719L).setPageCount(688).setPrice(9.99).setRating(4.6f)
            .addTags("classic").addTags("desert").addTags("politics")
            .setPublishTime(Timestamps.parseUnchecked("1965-08-01T00:00:00Z"))
            .setCoverThumbnail(THUMBNAIL)
            .putLabels("format", "paperback").putLabels("language", "en").build(),
        book("scifi", "neuromancer", "Neuromancer", "William Gibson", 1948, Genre.SCIENCE_FICTION)
            .setIsbn(9780441569595L).setPageCount(271).setPrice(8.99).setRating(4.2f)
            .addTags("classic").addTags("cyberpunk")
            .setPublishTime(Timestamps.parseUnchecked("1984-07-01T00:00:00Z"))
            .setAvailable(false).setBorrower("ada").build(),
        book("scifi", "the-left-hand-of-darkness", "The Left Hand of Darkness",
            "Ursula K. Le Guin", 1929, Genre.SCIENCE_FICTION)
            .setIsbn(9780441478125L).setPageCount(304).setPrice(10.5).setRating(4.4f)
            .addTags("classic").addTags("winter")
            .setPublishTime(Timestamps.parseUnchecked("1969-03-01T00:00:00Z")).build(),
        book("history", "spqr", "SPQR: A History of Ancient Rome", "Mary Beard", 1955,
            Genre.HISTORY)
            .setIsbn(9781631492228L).setPageCount(608).setPrice(18.95).setRating(4.2f)
            .addTags("rome").addTags("ancient")
            .setPublishTime(Timestamps.parseUnchecked("2015-10-20T00:00:00Z")).build(),
        Book.newBuilder()
            .setName("shelves/history/books/the-epic-of-gilgamesh")
            .setTitle("The Epic of Gilgamesh")
            .setAuthor(Author.newBuilder().setDisplayName("Anonymous"))
            .setGenre(Genre.POETRY).setPageCount(128).setPrice(7.25).setRating(3.9f)
            .addTags("ancient")
            .setLoanPeriod(Durations.fromDays(7)).setAvailable(true).build());
  }

  private static Shelf shelf(String id, String theme) {
    return Shelf.newBuilder()
        .setName(Names.shelfName(id))
        .setTheme(theme)
        .setCreateTime(Timestamps.parseUnchecked(SHELVES_CREATED))
        .build();
  }

  private static Book.Builder book(
      String shelfId, String bookId, String title, String author, int born, Genre genre) {
    return Book.newBuilder()
        .setName(new Names.BookName(shelfId, bookId).toString())
        .setTitle(title)
        .setAuthor(Author.newBuilder().setDisplayName(author).setBirthYear(Int32Value.of(born)))
        .setGenre(genre)
        .setLoanPeriod(Durations.fromDays(21))
        .setAvailable(true);
  }
}
