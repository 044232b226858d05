package dev.rosetta.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.rosetta.examples.library.v1.Attachment;
import dev.rosetta.examples.library.v1.Author;
import dev.rosetta.examples.library.v1.Book;
import dev.rosetta.examples.library.v1.Genre;
import dev.rosetta.examples.library.v1.LibraryProto;
import dev.rosetta.examples.library.v1.ListBooksResponse;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * protobuf → JSON ({@code print}) and JSON → protobuf ({@code parse}) for three message shapes,
 * with the streaming codec and the JsonFormat reference side by side in one run:
 *
 * <ul>
 *   <li>{@code small}: a flat message of three short strings (Attachment, ~80 bytes of JSON);
 *   <li>{@code medium}: ~1 KB, a ListBooksResponse of two books: nesting, repeated strings, enums,
 *       int64, floats, a map, Timestamp, Duration and a wrapper;
 *   <li>{@code large}: ~100 KB, one Book with a 40 KB title, 24 KB of bytes and 3,000 tags.
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar Codec -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  @Param({"small", "medium", "large"})
  public String shape;

  @Param({"fast", "reference"})
  public String codec;

  private JsonCodec json;
  private Descriptor type;
  private byte[] wire;
  private ByteBuf input;
  private ByteBuf output;

  @Setup
  public void setUp() throws CodecException {
    DescriptorRegistry registry = DescriptorRegistry.of(List.of(LibraryProto.getDescriptor()));
    json = Codecs.create(codec, registry, CodecOptions.DEFAULTS);
    Message message = switch (shape) {
      case "small" -> Attachment.newBuilder().setBook("shelves/fiction/books/dune")
          .setPath("notes/2024/review.txt").setContent("A classic.").build();
      case "medium" -> ListBooksResponse.newBuilder().addBooks(book(1)).addBooks(book(2))
          .setNextPageToken("CgwI2uWFswYQgNPmxgE").setTotalSize(42).build();
      case "large" -> large();
      default -> throw new IllegalArgumentException(shape);
    };
    type = message.getDescriptorForType();
    wire = message.toByteArray();
    output = Unpooled.buffer(wire.length * 3);
    json.print(type, wire, output);
    byte[] text = new byte[output.readableBytes()];
    output.readBytes(text);
    input = Unpooled.wrappedBuffer(text);
    output.clear();
  }

  @TearDown
  public void tearDown() {
    input.release();
    output.release();
  }

  @Benchmark
  public ByteBuf print() throws CodecException {
    output.clear();
    json.print(type, wire, output);
    return output;
  }

  @Benchmark
  public byte[] parse() throws CodecException {
    return json.parse(type, input);
  }

  private static Book book(int n) {
    return Book.newBuilder()
        .setName("shelves/science-fiction/books/dune-" + n)
        .setTitle("Dune, part " + n + ": the spice must flow")
        .setAuthor(Author.newBuilder().setDisplayName("Frank Herbert").setBirthYear(Int32Value.of(1920)))
        .setGenre(Genre.SCIENCE_FICTION)
        .setIsbn(9780441172719L + n)
        .setPageCount(412 + n)
        .setPrice(9.99 + n)
        .setRating(4.25f)
        .addAllTags(List.of("classic", "desert", "politics", "ecology"))
        .setPublishTime(Timestamp.newBuilder().setSeconds(-141566400L + n).setNanos(500_000_000))
        .setLoanPeriod(Duration.newBuilder().setSeconds(1_209_600))
        .setAvailable(n % 2 == 0)
        .setCoverThumbnail(ByteString.copyFromUtf8("thumbnail-bytes-" + n))
        .putLabels("edition", "first")
        .putLabels("language", "en")
        .setBorrower("reader-" + n)
        .build();
  }

  private static Book large() {
    Random random = new Random(42);
    StringBuilder title = new StringBuilder();
    while (title.length() < 40_000) {
      title.append("the spice must flow ");
    }
    byte[] cover = new byte[24_000];
    random.nextBytes(cover);
    Book.Builder b = book(7).toBuilder().setTitle(title.toString()).setCoverThumbnail(ByteString.copyFrom(cover));
    for (int i = 0; i < 3_000; i++) {
      b.addTags("tag-" + i);
    }
    return b.build();
  }
}
