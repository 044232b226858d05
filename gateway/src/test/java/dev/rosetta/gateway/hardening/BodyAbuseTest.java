package dev.rosetta.gateway.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile JSON bodies end to end: each is a 4xx with a JSON status naming the problem, never a
 * 5xx, a hang or a StackOverflowError, and the connection stays usable.
 */
class BodyAbuseTest {
  static GatewayHarness harness;
  /** The same gateway with {@code --codec reference} (JsonFormat). */
  static GatewayHarness reference;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
    reference = GatewayHarness.start(c -> c.withCodecName("reference"));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    reference.close();
  }

  static Stream<Arguments> hostileBodies() {
    return Stream.of(
        Arguments.of("invalid UTF-8 in a string", bytes("{\"id\":\"a", 0xff, 0xfe, "\"}"), "application/json", 400, "UTF-8"),
        Arguments.of("a lone UTF-8 continuation byte", bytes("{\"id\":\"", 0x80, "\"}"), "application/json", 400, "UTF-8"),
        Arguments.of("an overlong UTF-8 encoding", bytes("{\"id\":\"", 0xc0, 0xaf, "\"}"), "application/json", 400, "UTF-8"),
        Arguments.of("10,000-deep arrays", utf8("{\"names\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
            "application/json", 400, "names"),
        Arguments.of("10,000-deep objects", utf8("{\"nested\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001)),
            "application/json", 400, ""),
        Arguments.of("an exponent of a million digits' worth", utf8("{\"ratio\":1e999999}"), "application/json", 400, "ratio"),
        Arguments.of("a 400-digit integer", utf8("{\"big\":" + "9".repeat(400) + "}"), "application/json", 400, "big"),
        Arguments.of("a 400-digit int32", utf8("{\"count\":" + "1".repeat(400) + "}"), "application/json", 400, "count"),
        // Found by CodecFuzzTest: the reference codec's lenient reader would take it.
        Arguments.of("a missing comma after null", utf8("{\"names\":[null\"a\",\"b\"]}"), "application/json", 400, "names"),
        Arguments.of("a truncated document", utf8("{\"id\":\"a"), "application/json", 400, ""),
        Arguments.of("a JSON array instead of an object", utf8("[1,2]"), "application/json", 400, ""),
        Arguments.of("a text/xml body", utf8("{\"id\":\"a\"}"), "text/xml", 415, "Content-Type"),
        Arguments.of("a multipart form body", utf8("--x\r\n\r\nid=a\r\n--x--"), "multipart/form-data; boundary=x", 415,
            "Content-Type"),
        // Read as JSON, as grpc-gateway and Envoy do (curl -d sends this type): a real form body is not JSON.
        Arguments.of("a form body", utf8("id=a"), "application/x-www-form-urlencoded", 400, "malformed JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void hostileBodyIsA4xxJsonStatusNamingTheProblem(String name, byte[] body, String type, int status, String mentions)
      throws Exception {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo"))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).startsWith("{\"code\":").contains("\"message\":\"").contains(mentions)
        .doesNotContain("\tat ");
    // The gateway is still fine.
    assertThat(harness.get("/e2e/echo/after").body()).isEqualTo("{\"id\":\"after\"}");
  }

  /**
   * What JsonFormat alone lets through (Gson keeps the last of two equal keys, refuses a field's
   * two names only when the first one set it, and never reads past the document) is refused by
   * both codecs alike; whitespace after the document is not text after it.
   */
  @ParameterizedTest(name = "{0} codec: {1}")
  @MethodSource("strictBodies")
  void bothCodecsRefuseRepeatedFieldsAndTextAfterTheDocument(String codec, String name, String body, int status,
      String answer) throws Exception {
    GatewayHarness gateway = codec.equals("fast") ? harness : reference;
    HttpResponse<String> response = gateway.send("POST", "/e2e/echo", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (status == 200) {
      assertThat(response.body()).isEqualTo(answer);
    } else {
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(response.body()).startsWith("{\"code\":3,").contains(answer);
    }
  }

  static Stream<Arguments> strictBodies() {
    String echo = "rosetta.test.e2e.v1.EchoMessage";
    Stream<Arguments> cases = Stream.of(
        Arguments.of("a key given twice", "{\"id\":\"a\",\"id\":\"b\"}", 400,
            "duplicate field \\\"id\\\" in " + echo),
        Arguments.of("a field by its JSON and its proto name", "{\"displayName\":\"a\",\"display_name\":\"b\"}", 400,
            "duplicate field \\\"display_name\\\" in " + echo),
        Arguments.of("a field by both names, the first empty", "{\"displayName\":\"\",\"display_name\":\"b\"}", 400,
            "duplicate field \\\"display_name\\\" in " + echo),
        Arguments.of("a null given twice", "{\"id\":null,\"id\":null}", 400, "duplicate field \\\"id\\\""),
        Arguments.of("a key twice in a nested message", "{\"nested\":{\"name\":\"a\",\"name\":\"b\"}}", 400,
            "duplicate field \\\"name\\\" in rosetta.test.e2e.v1.Nested"),
        Arguments.of("a word after the document", "{\"id\":\"a\"} x", 400, "unexpected text after the JSON document"),
        Arguments.of("a second document", "{}{}", 400, "unexpected text after the JSON document"),
        Arguments.of("whitespace after the document", "{\"id\":\"a\"} \r\n\t ", 200, "{\"id\":\"a\"}"),
        Arguments.of("the same field in two nested messages", "{\"id\":\"a\",\"nested\":{\"name\":\"id\"}}", 200,
            "{\"id\":\"a\",\"nested\":{\"name\":\"id\"}}"));
    return cases.flatMap(c -> Stream.of("fast", "reference").map(codec -> {
      Object[] args = c.get();
      return Arguments.of(codec, args[0], args[1], args[2], args[3]);
    }));
  }

  @org.junit.jupiter.api.Test
  void aHundredMegabyteStringUnderARaisedLimitIsHandledInBoundedMemory() throws Exception {
    try (GatewayHarness big = GatewayHarness.start(c -> c.withServer(c.server().withMaxBodyBytes(128 << 20)))) {
      int size = 100 << 20;
      byte[] body = new byte[size + 10];
      System.arraycopy(utf8("{\"id\":\""), 0, body, 0, 7);
      java.util.Arrays.fill(body, 7, 7 + size, (byte) 'x');
      System.arraycopy(utf8("\"}"), 0, body, 7 + size, 2);
      java.util.Arrays.fill(body, 9 + size, body.length, (byte) ' ');
      MemoryWatch watch = MemoryWatch.start();
      long started = System.nanoTime();
      // 100 MB through loopback twice takes 3-9 s alone; allow for a busy 2-core CI machine.
      HttpResponse<String> response = big.client.send(HttpRequest.newBuilder(big.uri("/e2e/echo"))
          .header("Content-Type", "application/json")
          .timeout(java.time.Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - started) / 1_000_000;
      MemoryWatch.Peak peak = watch.stop();
      System.out.printf("100 MB string: %d in %d ms, peak heap growth %d MB, peak allocator direct %d MB%n",
          response.statusCode(), millis, peak.heapBytes() >> 20, peak.directBytes() >> 20);
      // The backend's default 4 MiB message limit refuses it: a clean RESOURCE_EXHAUSTED, not a 5xx.
      assertThat(response.statusCode()).isBetween(400, 499);
      assertThat(response.body()).startsWith("{\"code\":8,");
      assertThat(peak.directBytes()).as("direct memory holds the body once, at most").isLessThan(3L * size);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
