package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.gateway.http.ProtocolOptions;
import dev.rosetta.gateway.testing.Curl;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamHarness;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compression both ways, on HTTP/1.1 and HTTP/2 alike: responses by Accept-Encoding (only when it
 * pays, and never holding back a streamed message), request bodies decoded with the body limit
 * on their decoded size, a decompression bomb refused early, other codings refused by name, and
 * the flags that turn each off.
 */
class CompressionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** A path variable long enough to make the echoed JSON pass the 1 KiB threshold. */
  private static final String LONG_ID = "compressible-".repeat(200);

  @TempDir static Path dir;
  static GatewayHarness gw;
  static StreamHarness streams;
  static GatewayHarness off;
  static HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(64 << 10)));
    streams = StreamHarness.start(c -> c);
    off = GatewayHarness.start(c -> c.withServer(c.server().withProtocols(ProtocolOptions.DEFAULTS.withCompression(
        ProtocolOptions.Compression.DEFAULTS.withResponses(false).withRequests(false)))));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    streams.close();
    off.close();
  }

  enum Version {
    HTTP_1_1, HTTP_2;

    HttpClient client(GatewayHarness harness) {
      return this == HTTP_1_1 ? harness.client : h2c;
    }
  }

  private static HttpResponse<byte[]> get(HttpClient client, java.net.URI uri, String acceptEncoding) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", acceptEncoding).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] bytes) throws Exception {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aLargeJsonResponseIsCompressedAsTheClientAsksAndDecodesToTheSameJson(Version version) throws Exception {
    HttpClient client = version.client(gw);
    String plain = new String(get(client, gw.uri("/e2e/echo/" + LONG_ID), "identity").body(), StandardCharsets.UTF_8);
    assertThat(plain).isEqualTo("{\"id\":\"" + LONG_ID + "\"}");

    HttpResponse<byte[]> gzipped = get(client, gw.uri("/e2e/echo/" + LONG_ID), "gzip");
    assertThat(gzipped.version().name()).isEqualTo(version.name());
    assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(gzipped.headers().allValues("vary")).contains("accept-encoding");
    assertThat(gzipped.body().length).isLessThan(plain.length() / 4);
    assertThat(gunzip(gzipped.body())).isEqualTo(plain);

    HttpResponse<byte[]> deflated = get(client, gw.uri("/e2e/echo/" + LONG_ID), "deflate");
    assertThat(deflated.headers().firstValue("content-encoding")).hasValue("deflate");
    try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(deflated.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aSmallResponseAndAnImageGoOutAsTheyAre(Version version) throws Exception {
    HttpResponse<byte[]> small = get(version.client(gw), gw.uri("/e2e/echo/small"), "gzip");
    assertThat(small.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"small\"}");

    byte[] image = new byte[8192];
    new java.util.Random(1).nextBytes(image);
    HttpClient client = version == Version.HTTP_1_1 ? streams.client : h2c;
    HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(streams.uri("/stream/echo"))
        .header("Content-Type", "image/png").header("Accept-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(image)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(echoed.headers().firstValue("content-type")).hasValue("image/png");
    assertThat(echoed.headers().firstValue("content-encoding")).isEmpty();
    assertThat(echoed.body()).isEqualTo(image);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void aCompressedEventStreamDeliversEachEventBeforeTheNextIsProduced(Version version) throws Exception {
    HttpClient client = version == Version.HTTP_1_1 ? streams.client : h2c;
    long start = System.nanoTime();
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
            streams.uri("/stream/count?count=3&delayMillis=1500"))
        .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip").timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    try (InputStream events = new GZIPInputStream(response.body(), 64)) {
      byte[] first = new byte["data: {\"n\":\"1\"}\n\n".length()];
      int read = 0;
      while (read < first.length) {
        int n = events.read(first, read, first.length - read);
        assertThat(n).isPositive();
        read += n;
      }
      long firstAt = System.nanoTime() - start;
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: {\"n\":\"1\"}\n\n");
      // The second event is produced 1.5 s after the first: the first must not wait for it.
      assertThat(Duration.ofNanos(firstAt)).isLessThan(Duration.ofMillis(2_900));
      assertThat(new String(events.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("data: {\"n\":\"2\"}\n\ndata: {\"n\":\"3\"}\n\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void gzipAndDeflateRequestBodiesAreDecoded(Version version) throws Exception {
    HttpClient client = version.client(gw);
    String json = "{\"id\":\"zipped\",\"names\":[" + "\"n\",".repeat(500) + "\"last\"]}";
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    for (var body : List.of(new Object[] {"gzip", gzip(json)}, new Object[] {"deflate", deflated.toByteArray()})) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(gw.uri("/e2e/echo"))
          .header("Content-Type", "application/json").header("Content-Encoding", (String) body[0])
          .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) body[1])).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as((String) body[0]).isEqualTo(200);
      assertThat(response.body()).as((String) body[0]).startsWith("{\"id\":\"zipped\",\"names\":[\"n\",").endsWith("\"last\"]}");
    }
  }

  @Test
  void theBodyLimitAppliesToTheDecodedSize() throws Exception {
    // 100 KiB of hex digits in about 55 KiB of gzip (a ratio of 2), against a 64 KiB limit.
    StringBuilder hex = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    while (hex.length() < 100 << 10) {
      hex.append(Integer.toHexString(random.nextInt()));
    }
    byte[] small = gzip("{\"id\":\"" + hex + "\"}");
    assertThat(small.length).isLessThan(64 << 10);
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("POST", "/e2e/echo").add("content-type", "application/json")
          .add("content-encoding", "gzip"), false);
      h2.data(1, Unpooled.wrappedBuffer(small), true);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).status()).isEqualTo("413");
      assertThat(RawHttp2.body(frames)).contains("request body is larger than the limit of 65536 bytes");
    }
  }

  @Test
  void aDecompressionBombIsRefusedWithin413AfterItsFirstKilobytes() throws Exception {
    // 200 MiB of zeros: about 200 KiB of gzip, a ratio of 1000.
    ByteArrayOutputStream bombBytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bombBytes)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        gzip.write(zeros);
      }
    }
    byte[] bomb = bombBytes.toByteArray();
    MemoryWatch watch = MemoryWatch.start();
    // The gateway with the default body limit (16 MiB): the ratio stops the bomb, long before it.
    try (RawHttp2 h2 = RawHttp2.connect(streams.port())) {
      h2.headers(1, RawHttp2.request("POST", "/e2e/echo").add("content-type", "application/json")
          .add("content-encoding", "gzip"), false);
      // As much as the stream window takes (1 MiB): the gateway answers long before.
      h2.data(1, Unpooled.wrappedBuffer(bomb, 0, 60_000), false);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).status()).isEqualTo("413");
      assertThat(RawHttp2.body(frames)).isEqualTo("{\"code\":8,\"message\":\"the request body decompresses to more"
          + " than 200 times its gzip size (--max-decompression-ratio)\",\"details\":[]}");
    }
    MemoryWatch.Peak peak = watch.stop();
    assertThat(peak.directBytes()).as("direct memory at the peak").isLessThan(32L << 20);
  }

  @Test
  void anUnknownContentEncodingIs415NamingItAndACorruptBodyIs400() throws Exception {
    HttpResponse<String> br = gw.send(HttpRequest.newBuilder(gw.uri("/e2e/echo"))
        .header("Content-Type", "application/json").header("Content-Encoding", "br")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(br.statusCode()).isEqualTo(415);
    assertThat(br.body()).isEqualTo("{\"code\":3,\"message\":\"unsupported Content-Encoding \\\"br\\\": send the body"
        + " uncompressed, or compressed with gzip or deflate\",\"details\":[]}");

    byte[] corrupt = gzip("{\"id\":\"x\"}");
    corrupt[12] ^= 0x55;
    HttpResponse<String> broken = gw.send(HttpRequest.newBuilder(gw.uri("/e2e/echo"))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(corrupt)));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).startsWith("{\"code\":3,\"message\":\"the request body is not valid gzip: ");
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void anUploadWhoseGzipBreaksMidwayIsAnswered400AndItsCallCancelled(Version version) throws Exception {
    // Two whole NDJSON lines in a decodable prefix (sync-flushed), then bytes that are not deflate.
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    GZIPOutputStream gzip = new GZIPOutputStream(prefix, true);
    gzip.write("{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
    gzip.flush();
    byte[] garbage = new byte[64];
    java.util.Arrays.fill(garbage, (byte) 0xff);
    streams.backend.outcomes.clear();
    streams.backend.requestIds.clear();
    String answer;
    if (version == Version.HTTP_1_1) {
      try (dev.rosetta.gateway.testing.RawHttp http = new dev.rosetta.gateway.testing.RawHttp(streams.port())) {
        http.write("POST /stream/gz/sum HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
        http.write(chunk(prefix.toByteArray()));
        // The call is under way on the backend before the garbage comes (else it might never get there).
        eventually("the upload's call on the backend", WAIT, () -> !streams.backend.requestIds.isEmpty());
        http.write(chunk(garbage));
        dev.rosetta.gateway.testing.RawHttp.Response response = http.read();
        answer = response.status() + " " + response.body();
      }
    } else {
      try (RawHttp2 h2 = RawHttp2.connect(streams.port())) {
        h2.headers(1, RawHttp2.request("POST", "/stream/gz/sum").add("content-type", "application/x-ndjson")
            .add("content-encoding", "gzip"), false);
        h2.data(1, Unpooled.wrappedBuffer(prefix.toByteArray()), false);
        eventually("the upload's call on the backend", WAIT, () -> !streams.backend.requestIds.isEmpty());
        h2.data(1, Unpooled.wrappedBuffer(garbage), false);
        List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
        answer = frames.get(0).status() + " " + RawHttp2.body(frames);
      }
    }
    assertThat(answer).startsWith("400 {\"code\":3,\"message\":\"the request body is not valid gzip: ");
    assertThat(streams.backend.outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS))
        .as("the upload's backend call").extracting(dev.rosetta.gateway.testing.StreamBackend.Outcome::code)
        .isEqualTo("CANCELLED");
  }

  private static byte[] chunk(byte[] data) {
    byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + data.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(data, 0, out, head.length, data.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  @Test
  void eachDirectionTurnsOffByItsFlag() throws Exception {
    HttpResponse<byte[]> plain = get(off.client, off.uri("/e2e/echo/" + LONG_ID), "gzip");
    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(plain.body(), StandardCharsets.UTF_8)).contains(LONG_ID);
    HttpResponse<String> refused = off.send(HttpRequest.newBuilder(off.uri("/e2e/echo"))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("{}"))));
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.body()).contains("unsupported Content-Encoding \\\"gzip\\\": send the body uncompressed"
        + " (request decompression is off)");
  }

  @Test
  void curlCompressedGetsGzipOverHttp11AndHttp2() throws Exception {
    assumeTrue(Curl.available(), "curl is not installed");
    String url = gw.uri("/e2e/echo/" + LONG_ID).toString();
    for (String version : List.of("--http1.1", "--http2-prior-knowledge")) {
      Curl.Result result = Curl.run(dir, version, "--compressed", url);
      assertThat(result.headers()).as(version).containsEntry("content-encoding", "gzip");
      assertThat(result.body()).as(version).isEqualTo("{\"id\":\"" + LONG_ID + "\"}");
    }
  }
}
