package dev.rosetta.bench;

import dev.rosetta.examples.library.v1.LibraryProto;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.route.RouteTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request path before the codec, without sockets, over the example Library API's routes:
 *
 * <ul>
 *   <li>{@code match}: {@link RouteTable#match} for a request line, by {@code request}:
 *       {@code get} a book by its resource name, {@code alt} the additional binding with two
 *       plain variables, {@code patch} a nested-field variable, {@code miss405} a path known
 *       only under other methods (the slow answer: every method's trie is tried);
 *   <li>{@code bind}: {@link RequestBinder#bind} of ListBooks from its path variable and a
 *       typical query (page size, token, enum by name, two repeated tags, a Timestamp, a
 *       BoolValue wrapper, a nested field).
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar RequestPath -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestPathBenchmark {
  static final String QUERY = "page_size=20&page_token=CgwI2uWFswYQgNPmxgE&genre=POETRY&tags=classic&tags=sci-fi"
      + "&published_after=2024-01-01T00:00:00Z&available=true&author.display_name=Frank%20Herbert";

  @Param({"get", "alt", "patch", "miss405"})
  public String request;

  private RouteTable routes;
  private RequestBinder binder;
  private String method;
  private String path;
  private RouteMatch listBooks;

  @Setup
  public void setUp() throws RouteException {
    DescriptorRegistry registry = DescriptorRegistry.of(List.of(LibraryProto.getDescriptor()));
    routes = RouteTable.build(registry);
    binder = new RequestBinder(Codecs.create("fast", registry, CodecOptions.DEFAULTS), false);
    switch (request) {
      case "get" -> { method = "GET"; path = "/v1/shelves/fiction/books/dune"; }
      case "alt" -> { method = "GET"; path = "/v1/books/42/1965"; }
      case "patch" -> { method = "PATCH"; path = "/v1/shelves/fiction/books/dune"; }
      case "miss405" -> { method = "PUT"; path = "/v1/shelves/fiction/books/dune"; }
      default -> throw new IllegalArgumentException(request);
    }
    if (!(routes.match("GET", "/v1/shelves/fiction/books") instanceof RouteLookup.Found found)) {
      throw new IllegalStateException("ListBooks route not found");
    }
    listBooks = found.match();
  }

  @Benchmark
  public RouteLookup match() {
    return routes.match(method, path);
  }

  @Benchmark
  public byte[] bind() throws BindException {
    return binder.bind(listBooks, QUERY, null);
  }
}
