package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming RPCs over HTTP/2, end to end against a real gRPC backend: the framings of HTTP/1.1
 * with one DATA frame per message and the trailers in a trailing HEADERS frame, uploads, a
 * bidirectional call answered while its upload goes on, raw downloads cut short with a reset,
 * WebSocket on HTTP/1.1 beside HTTP/2 on the same port, and the graceful drain.
 */
class Http2StreamingEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  static StreamHarness gw;
  static HttpClient h2c;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> c);
    h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "Accept: {0}")
  @ValueSource(strings = {"application/json", "application/x-ndjson", "text/event-stream"})
  void aServerStreamIsFramedOverHttp2AsOverHttp11(String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri("/stream/count?count=3")).header("Accept", accept);
    HttpResponse<String> one = send(gw.client, request);
    HttpResponse<String> two = send(h2c, request);
    assertThat(two.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(two.statusCode()).isEqualTo(200);
    assertThat(two.body()).isEqualTo(one.body()).contains("\"n\":\"3\"");
    assertThat(two.headers().firstValue("content-type")).isEqualTo(one.headers().firstValue("content-type"));
  }

  @Test
  void eachMessageIsADataFrameAndTheTrailersEndTheStreamAsHttp2Trailers() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=3")
          .add("accept", "application/x-ndjson"), true);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames).extracting(RawHttp2.Frame::type)
          .containsExactly("HEADERS", "DATA", "DATA", "DATA", "HEADERS");
      assertThat(frames.get(0).status()).isEqualTo("200");
      assertThat(frames.get(0).endStream()).isFalse();
      assertThat(frames.subList(1, 4)).extracting(RawHttp2.Frame::data)
          .containsExactly("{\"n\":\"1\"}\n", "{\"n\":\"2\"}\n", "{\"n\":\"3\"}\n");
      RawHttp2.Frame trailers = frames.get(4);
      assertThat(trailers.endStream()).isTrue();
      assertThat(trailers.headers().get("grpc-trailer-x-stream-trailer").toString()).isEqualTo("OK");
    }
  }

  @Test
  void aClientStreamUploadedInManyFramesIsSummedAsOverHttp11() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("POST", "/stream/h2/sum").add("content-type", "application/x-ndjson"), false);
      for (int n = 1; n <= 20; n++) {
        h2.data(1, "{\"n\":" + n + "}\n", n == 20);
      }
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).status()).isEqualTo("200");
      HttpResponse<String> http11 = send(gw.client, HttpRequest.newBuilder(gw.uri("/stream/h2/sum"))
          .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(
              java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(n -> "{\"n\":" + n + "}\n")
                  .reduce("", String::concat))));
      assertThat(RawHttp2.body(frames)).isEqualTo(http11.body()).contains("210");
    }
  }

  @Test
  void aBidirectionalCallAnswersEachMessageWhileTheUploadGoesOn() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("POST", "/stream/chat").add("content-type", "application/x-ndjson")
          .add("accept", "application/x-ndjson"), false);
      for (int n = 1; n <= 3; n++) {
        h2.data(1, "{\"n\":" + n + "}\n", false);
        String expected = "\"" + (10 * n) + "\"";
        assertThat(h2.await(f -> f.type().equals("DATA") && f.streamId() == 1, WAIT))
            .as("the answer to message %d before the upload ends", n)
            .extracting(RawHttp2.Frame::data).asString().contains(expected);
      }
      h2.data(1, "", true);
      assertThat(h2.awaitStream(1, WAIT)).last().extracting(RawHttp2.Frame::endStream).isEqualTo(true);
    }
  }

  @Test
  void aRawDownloadEndedByAnErrorIsResetNeverCompleteLooking() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/download?count=5&failCode=13&failAfter=2"), true);
      List<RawHttp2.Frame> frames = h2.awaitStream(1, WAIT);
      assertThat(frames.get(0).headers().get("content-type").toString()).isEqualTo("text/plain");
      assertThat(RawHttp2.body(frames)).startsWith("chunk 1\n");
      assertThat(frames).last().satisfies(last -> {
        assertThat(last.type()).isEqualTo("RST_STREAM");
        assertThat(last.code()).as("INTERNAL_ERROR").isEqualTo(2L);
      });
      assertThat(frames).noneMatch(RawHttp2.Frame::endStream);
    }
  }

  @Test
  void aWebSocketUpgradesOnHttp11BesideHttp2OnTheSamePort() throws Exception {
    try (RawHttp2 h2 = RawHttp2.connect(gw.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=4&delayMillis=100")
          .add("accept", "text/event-stream"), true);
      WebSocketRecorder ws = new WebSocketRecorder(gw.client,
          URI.create("ws://127.0.0.1:" + gw.port() + "/stream/count?count=2"));
      assertThat(ws.rest()).isEqualTo("{\"n\":\"1\"},{\"n\":\"2\"} | 1000 ");
      assertThat(RawHttp2.body(h2.awaitStream(1, WAIT))).contains("data: {\"n\":\"4\"}");
    }
  }

  @Test
  void theRequestIdOfAnHttp2RequestReachesTheBackendAndComesBack() throws Exception {
    gw.backend.requestIds.clear();
    HttpResponse<String> response = send(h2c, HttpRequest.newBuilder(gw.uri("/stream/count?count=1"))
        .header("X-Request-Id", "h2-id-1"));
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.headers().firstValue("x-request-id")).hasValue("h2-id-1");
    assertThat(gw.backend.requestIds.poll(10, TimeUnit.SECONDS)).isEqualTo("h2-id-1");
  }

  /** Last: it drains (and closes) the class's gateway; a fresh one for the rest would cost seconds. */
  @Test
  void theDrainSendsGoAwayAndLetsTheStreamsInFlightFinish() throws Exception {
    try (StreamHarness draining = StreamHarness.start(c -> c); RawHttp2 h2 = RawHttp2.connect(draining.port())) {
      h2.headers(1, RawHttp2.request("GET", "/stream/count?count=5&delayMillis=200")
          .add("accept", "application/x-ndjson"), true);
      assertThat(h2.await(f -> f.type().equals("DATA"), WAIT)).isNotNull();
      CompletableFuture<Void> drained = CompletableFuture.runAsync(
          () -> draining.gateway.drainAndClose(Duration.ofSeconds(10)));
      RawHttp2.Frame goAway = h2.awaitGoAway(WAIT);
      assertThat(goAway).isNotNull();
      assertThat(goAway.code()).as("NO_ERROR").isEqualTo(0L);
      assertThat(goAway.streamId()).as("the last stream taken").isEqualTo(1);
      // RFC 9113 section 6.8: a stream the client opens after the GOAWAY is never processed (the
      // client may retry it elsewhere), and it does not hold the connection open.
      h2.headers(3, RawHttp2.request("GET", "/stream/count?count=1").add("accept", "application/x-ndjson"), true);
      List<RawHttp2.Frame> rest = h2.awaitStream(1, WAIT);
      assertThat(RawHttp2.body(rest)).endsWith("{\"n\":\"5\"}\n");
      assertThat(rest).last().extracting(RawHttp2.Frame::endStream).isEqualTo(true);
      assertThat(h2.awaitClosed(WAIT)).as("the connection closes once its streams are done").isTrue();
      synchronized (h2.frames) {
        assertThat(h2.frames).as("nothing for the stream opened after the GOAWAY").noneMatch(f -> f.streamId() == 3);
      }
      drained.get(20, TimeUnit.SECONDS);
    }
  }
}
