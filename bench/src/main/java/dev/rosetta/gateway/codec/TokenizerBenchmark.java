package dev.rosetta.gateway.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Duration;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.examples.library.v1.Author;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The measurement behind the codec's choice of JSON reader (issue 3 asked for jackson-core to be
 * considered): one pass over the ~1 KB ListBooksResponse document with the codec's own tokenizer
 * ({@link JsonInput}: validates UTF-8, keeps string contents as byte slices of the input, since
 * they go to the wire as UTF-8 anyway) against jackson-core's streaming parser (which must decode
 * strings to UTF-16 characters for the codec to use them). Lives in the codec's package to reach
 * the package-private tokenizer.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TokenizerBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenizerBenchmark {
  private final JsonFactory jackson = new JsonFactory();
  private final JsonInput ours = new JsonInput();
  private byte[] document;

  @Setup
  public void setUp() throws IOException {
    ListBooksResponse response = ListBooksResponse.newBuilder().addBooks(book(1)).addBooks(book(2))
        .setNextPageToken("CgwI2uWFswYQgNPmxgE").setTotalSize(42).build();
    document = JsonFormat.printer().omittingInsignificantWhitespace().print(response).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public int codecTokenizer() throws CodecException {
    ours.reset(document, 0, document.length);
    ours.skipValue();
    return ours.pos;
  }

  @Benchmark
  public int jacksonCore() throws IOException {
    int chars = 0;
    try (JsonParser parser = jackson.createParser(document)) {
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
          parser.getTextCharacters();
          chars += parser.getTextLength();
        }
      }
    }
    return chars;
  }

  private static Book book(int i) {
    return Book.newBuilder()
        .setName("shelves/scifi/books/book-" + i)
        .setTitle("A reasonably long title number " + i + " with some words in it")
        .setAuthor(Author.newBuilder().setDisplayName("Author Name " + i).setBirthYear(Int32Value.of(1900 + i)))
        .setGenre(Genre.SCIENCE_FICTION)
        .setIsbn(9780441172719L + i)
        .setPageCount(300 + i)
        .setPrice(9.99 * i)
        .setRating(4.5f)
        .addTags("classic").addTags("desert").addTags("politics").addTags("ecology")
        .setPublishTime(Timestamp.newBuilder().setSeconds(-139_000_000L + i).setNanos(500_000_000))
        .setLoanPeriod(Duration.newBuilder().setSeconds(1_814_400))
        .setAvailable(i % 2 == 0)
        .putLabels("format", "paperback").putLabels("language", "en")
        .build();
  }
}
