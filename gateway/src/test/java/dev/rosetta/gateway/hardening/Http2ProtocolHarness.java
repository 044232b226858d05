package dev.rosetta.gateway.hardening;

import static dev.rosetta.gateway.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.ProtocolOptions;
import dev.rosetta.gateway.testing.RawHttp2;
import dev.rosetta.gateway.testing.StreamHarness;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@link Http2ProtocolTest} and {@link Http2ProtocolErrorsTest} share: the gateway they
 * run against, with its HTTP/2 limits, and the requests and checks both make of it.
 *
 * <p>A JUnit extension, registered by each class as a static field
 * ({@code @RegisterExtension static final Http2ProtocolHarness gw = new Http2ProtocolHarness();}):
 * it starts a gateway of the class's own before its tests, checks after each test that nothing is
 * left in flight, and closes the gateway after the last. The requests and checks are static.
 */
final class Http2ProtocolHarness implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final Duration WAIT = Duration.ofSeconds(10);

  // The harness's limits, each off the RFC's and Netty's defaults, so that the SETTINGS frame
  // shows they are the configured ones.
  static final int MAX_CONCURRENT_STREAMS = 16;
  static final int MAX_HEADER_LIST_SIZE = 32 << 10;
  static final int MAX_FRAME_SIZE = 32 << 10;
  static final int STREAM_WINDOW = 128 << 10;
  /** Far larger than the stream window: a client overrunning a stream's window breaks that first. */
  static final int CONNECTION_WINDOW = 64 << 20;

  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private StreamHarness gateway;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ProtocolOptions.Http2 http2 = new ProtocolOptions.Http2(true, MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE,
        MAX_FRAME_SIZE, STREAM_WINDOW, CONNECTION_WINDOW, ProtocolOptions.Http2.DEFAULTS.maxResetsPerWindow(),
        ProtocolOptions.Http2.DEFAULTS.sendTimeout());
    gateway = StreamHarness.start(c -> c
        .withServer(c.server().withProtocols(ProtocolOptions.DEFAULTS.withHttp2(http2)))
        .withOperations(OperationsOptions.defaults().withAdminPort(0)));
  }

  /** Whatever a test broke, no exchange stays behind (a stream the gateway forgot to end). */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    eventually("no exchange left in flight", WAIT, () -> inFlight() == 0);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The gateway's HTTP port. */
  int port() {
    return gateway.port();
  }

  /** A GET of {@code n} NDJSON lines, answered at once. */
  static Http2Headers count(int n) {
    return RawHttp2.request("GET", "/stream/count?count=" + n).add("accept", "application/x-ndjson");
  }

  /** {@code count(n)}'s body. */
  static String ndjson(int n) {
    StringBuilder body = new StringBuilder();
    IntStream.rangeClosed(1, n).forEach(i -> body.append("{\"n\":\"").append(i).append("\"}\n"));
    return body.toString();
  }

  /** A request on {@code streamId} of {@code h2} is answered 200 in whole, and the connection stays. */
  static void assertServes(RawHttp2 h2, int streamId) throws Exception {
    h2.headers(streamId, count(1), true);
    List<RawHttp2.Frame> answer = h2.awaitStream(streamId, WAIT);
    assertThat(answer.get(0).status()).as("stream " + streamId + "'s status").isEqualTo("200");
    assertThat(RawHttp2.body(answer)).isEqualTo(ndjson(1));
    assertThat(h2.isOpen()).as("the connection still open").isTrue();
    synchronized (h2.frames) {
      assertThat(h2.frames).as("no GOAWAY").noneMatch(f -> f.type().equals("GOAWAY"));
    }
  }

  /** The window increments the server granted for {@code streamId} (0: the connection) so far. */
  static long grantedSoFar(RawHttp2 h2, int streamId) {
    synchronized (h2.frames) {
      return h2.frames.stream().filter(f -> f.type().equals("WINDOW_UPDATE") && f.streamId() == streamId)
          .mapToLong(RawHttp2.Frame::code).sum();
    }
  }

  private int inFlight() throws Exception {
    String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.gateway.adminAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^rosetta_http_requests_in_flight ([0-9.]+)$").matcher(metrics);
    return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
  }
}
