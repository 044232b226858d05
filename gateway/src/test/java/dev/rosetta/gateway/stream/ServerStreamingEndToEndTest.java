package dev.rosetta.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.http.StreamFormat;
import dev.rosetta.gateway.http.StreamOptions;
import dev.rosetta.gateway.testing.StreamHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server-streaming RPCs over chunked HTTP/1.1, end to end against a real gRPC backend. */
class ServerStreamingEndToEndTest {
  private static StreamHarness gw;
  private static StreamHarness ndjsonByDefault;

  @BeforeAll
  static void start() throws Exception {
    gw = StreamHarness.start(c -> c.withServer(c.server().withStreams(
        new StreamOptions(StreamFormat.ARRAY, Duration.ofMillis(200)))));
    ndjsonByDefault = StreamHarness.start(c -> c.withServer(c.server().withStreams(
        new StreamOptions(StreamFormat.NDJSON, Duration.ZERO))));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    ndjsonByDefault.close();
  }

  private static HttpResponse<String> get(StreamHarness h, String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(h.uri(path)).timeout(Duration.ofSeconds(20));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return h.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "Accept {0} gives {1}")
  @CsvSource(delimiter = '|', value = {
      "application/json                | application/json     | [{\"n\":\"1\"},{\"n\":\"2\"},{\"n\":\"3\"}]",
      "*/*                             | application/json     | [{\"n\":\"1\"},{\"n\":\"2\"},{\"n\":\"3\"}]",
      "application/x-ndjson            | application/x-ndjson | {\"n\":\"1\"}\\n{\"n\":\"2\"}\\n{\"n\":\"3\"}\\n",
      "text/event-stream               | text/event-stream    | data: {\"n\":\"1\"}\\n\\ndata: {\"n\":\"2\"}\\n\\ndata: {\"n\":\"3\"}\\n\\n",
      "text/html, text/event-stream;q=0.9 | text/event-stream  | data: {\"n\":\"1\"}\\n\\ndata: {\"n\":\"2\"}\\n\\ndata: {\"n\":\"3\"}\\n\\n",
      "application/x-grpc-gateway+json | application/json     | {\"result\":{\"n\":\"1\"}}\\n{\"result\":{\"n\":\"2\"}}\\n{\"result\":{\"n\":\"3\"}}\\n",
  })
  void streamIsFramedByTheAcceptHeader(String accept, String contentType, String body) throws Exception {
    HttpResponse<String> response = get(gw, "/stream/count?count=3", accept);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue(contentType);
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(response.body()).isEqualTo(body.replace("\\n", "\n"));
  }

  @Test
  void configuredDefaultFramingAppliesWhenAcceptNamesNone() throws Exception {
    HttpResponse<String> response = get(ndjsonByDefault, "/stream/count?count=2", null);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(response.body()).isEqualTo("{\"n\":\"1\"}\n{\"n\":\"2\"}\n");
  }

  @Test
  void grpcGatewayStreamFormatGivesItsEnvelopeToClientsThatAskForNothingElse() throws Exception {
    try (StreamHarness grpcGateway = StreamHarness.start(c -> c.withServer(c.server().withStreams(
        new StreamOptions(StreamFormat.parse("grpc-gateway"), Duration.ZERO))))) {
      HttpResponse<String> ok = get(grpcGateway, "/stream/count?count=2", "application/json");
      assertThat(ok.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(ok.body()).isEqualTo("{\"result\":{\"n\":\"1\"}}\n{\"result\":{\"n\":\"2\"}}\n");
      HttpResponse<String> failed = get(grpcGateway, "/stream/count?count=5&failAfter=1&failCode=8", null);
      assertThat(failed.statusCode()).isEqualTo(200);
      assertThat(failed.body()).isEqualTo("{\"result\":{\"n\":\"1\"}}\n"
          + "{\"error\":{\"code\":8,\"message\":\"failed after 1\",\"details\":[]}}\n");
      assertThat(get(grpcGateway, "/stream/count?count=0", null).body()).isEmpty();
    }
  }

  @Test
  void emptyStreamIsAnEmptyArrayWithItsLength() throws Exception {
    HttpResponse<String> response = get(gw, "/stream/count?count=0", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-length")).hasValue("2");
    assertThat(response.body()).isEqualTo("[]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"application/json", "application/x-ndjson", "text/event-stream", "application/x-grpc-gateway+json"})
  void errorBeforeTheFirstMessageGetsItsHttpStatusAndJsonBody(String accept) throws Exception {
    HttpResponse<String> response = get(gw, "/stream/count?count=3&failAfter=0&failCode=5", accept);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"code\":5,\"message\":\"failed after 0\",\"details\":[]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "application/json     | [{\"n\":\"1\"},{\"n\":\"2\"},{\"error\":{\"code\":8,\"message\":\"failed after 2\",\"details\":[]}}]",
      "application/x-ndjson | {\"n\":\"1\"}\\n{\"n\":\"2\"}\\n{\"error\":{\"code\":8,\"message\":\"failed after 2\",\"details\":[]}}\\n",
      "text/event-stream    | data: {\"n\":\"1\"}\\n\\ndata: {\"n\":\"2\"}\\n\\nevent: error\\ndata: {\"code\":8,\"message\":\"failed after 2\",\"details\":[]}\\n\\n",
      "application/x-grpc-gateway+json | {\"result\":{\"n\":\"1\"}}\\n{\"result\":{\"n\":\"2\"}}\\n{\"error\":{\"code\":8,\"message\":\"failed after 2\",\"details\":[]}}\\n",
  })
  void errorAfterTheFirstMessageIsWrittenInsideTheStream(String accept, String body) throws Exception {
    HttpResponse<String> response = get(gw, "/stream/count?count=5&failAfter=2&failCode=8", accept);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body.replace("\\n", "\n"));
  }

  @Test
  void firstMessageReachesTheClientBeforeTheBackendSendsTheSecond() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(gw.uri("/stream/count?count=2&delayMillis=800"))
        .header("Accept", "application/x-ndjson").timeout(Duration.ofSeconds(20)).build();
    HttpResponse<Stream<String>> response = gw.client.send(request, HttpResponse.BodyHandlers.ofLines());
    List<Long> arrivals = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (Iterator<String> it = response.body().iterator(); it.hasNext(); ) {
      lines.add(it.next());
      arrivals.add(System.nanoTime());
    }
    assertThat(lines).containsExactly("{\"n\":\"1\"}", "{\"n\":\"2\"}");
    assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void idleEventStreamGetsHeartbeatCommentsBeforeItsFirstMessage() throws Exception {
    HttpResponse<String> response = get(gw, "/stream/count?count=1&delayMillis=900", "text/event-stream");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith(":\n\n").contains("\n\ndata: {\"n\":\"1\"}\n\n");
  }

  @Test
  void httpBodyStreamIsARawDownloadWithTheFirstMessagesContentType() throws Exception {
    HttpResponse<String> response = get(gw, "/stream/download?count=3", "text/event-stream");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
    assertThat(response.body()).isEqualTo("chunk 1\nchunk 2\nchunk 3\n");
  }

  @Test
  void httpBodyStreamFailingMidwayIsCutShortNotCompleted() {
    HttpRequest request = HttpRequest.newBuilder(gw.uri("/stream/download?count=3&failAfter=2&failCode=13"))
        .timeout(Duration.ofSeconds(20)).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> gw.client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void connectionCarriesTheNextRequestAfterAStream() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(get(gw, "/stream/count?count=2", null).body()).isEqualTo("[{\"n\":\"1\"},{\"n\":\"2\"}]");
    }
  }
}
