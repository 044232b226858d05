package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.http.CorsPolicy;
import dev.rosetta.gateway.testing.Curl;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies as curl, scripts and SDKs send them (issue 12, point 4): {@code curl -d}'s form type,
 * {@code text/plain} and no type are read as JSON, as grpc-gateway and Envoy read them; from a
 * browser page of another origin that CORS does not list, the same types are refused 415 (a
 * cross-site form can send them with the user's cookies); {@code --strict-content-type} keeps
 * JSON types only. Through a real backend, with curl itself, the JDK client and raw sockets.
 */
class ContentTypesEndToEndTest {
  private static final String ECHOED = "{\"id\":\"a\",\"count\":2}";
  private static GatewayHarness lenient;
  private static GatewayHarness strict;

  @BeforeAll
  static void start() throws Exception {
    CorsPolicy cors = new CorsPolicy(List.of("https://app.example"), List.of("POST"), List.of("*"),
        Duration.ofMinutes(1));
    lenient = GatewayHarness.start(c -> c.withOperations(OperationsOptions.defaults().withCors(cors)));
    strict = GatewayHarness.start(c -> c.withCompat(c.compat().withStrictContentType(true)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (GatewayHarness h : new GatewayHarness[] {lenient, strict}) {
      if (h != null) {
        h.close();
      }
    }
  }

  private static String url(GatewayHarness h, String path) {
    return "http://127.0.0.1:" + h.port() + path;
  }

  @Test
  void curlDashDIsReadAsJson() throws Exception {
    assertThat(Curl.run("-d", ECHOED, url(lenient, "/e2e/echo"))).isEqualTo(ECHOED);
    // -d also works for a body field (body: "nested") and with the newlines of a file removed
    assertThat(Curl.run("-X", "PUT", "-d", "{\"level\": 3}", url(lenient, "/e2e/echo/things/t1")))
        .isEqualTo("{\"nested\":{\"name\":\"things/t1\",\"level\":3}}");
  }

  @Test
  void curlWithTextPlainOrNoContentTypeIsReadAsJson() throws Exception {
    assertThat(Curl.run("-H", "Content-Type: text/plain", "-d", ECHOED, url(lenient, "/e2e/echo"))).isEqualTo(ECHOED);
    // "Content-Type:" with no value makes curl send none
    assertThat(Curl.run("-H", "Content-Type:", "-d", ECHOED, url(lenient, "/e2e/echo"))).isEqualTo(ECHOED);
  }

  @Test
  void curlDashDWithTheOriginOfAnotherSiteIs415() throws Exception {
    String answer = Curl.run("-w", " %{http_code}", "-H", "Origin: https://evil.example", "-d", ECHOED,
        url(lenient, "/e2e/echo"));
    assertThat(answer).isEqualTo("{\"code\":3,\"message\":\"Content-Type \\\"application/x-www-form-urlencoded\\\" is "
        + "not accepted from a browser page of another origin (Origin: https://evil.example), as a cross-site form "
        + "could send it: send application/json\",\"details\":[]} 415");
  }

  @Test
  void theJdkClientsTextPlainBodyIsReadAsJson() throws Exception {
    HttpResponse<String> response = lenient.send(HttpRequest.newBuilder(lenient.uri("/e2e/echo"))
        .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(ECHOED)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(ECHOED);
  }

  @Test
  void curlMultipartFormIsNeverJsonAnd415SaysWhatToSend() throws Exception {
    String answer = Curl.run("-w", " %{http_code}", "-F", "id=a", url(lenient, "/e2e/echo"));
    assertThat(answer).startsWith("{\"code\":3,\"message\":\"unsupported Content-Type \\\"multipart/form-data; boundary=")
        .endsWith("\\\": send application/json\",\"details\":[]} 415");
  }

  /** What a browser sends, header by header: "-" for none. */
  @ParameterizedTest(name = "{0}, Origin {1}, Sec-Fetch-Site {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "text/plain                        | https://evil.example   | cross-site  | 415",
      "application/x-www-form-urlencoded | https://evil.example   | -           | 415",
      "-                                 | https://evil.example   | cross-site  | 415",
      // a sandboxed iframe, a data: document: an opaque origin is never trusted
      "text/plain                        | null                   | -           | 415",
      // an old browser that sends no Origin, but tells where the request comes from
      "text/plain                        | -                      | cross-site  | 415",
      "text/plain                        | -                      | same-site   | 415",
      // the same origin, the user's own navigation, an origin the CORS policy lists
      "text/plain                        | https://evil.example   | same-origin | 200",
      "application/x-www-form-urlencoded | -                      | none        | 200",
      "text/plain                        | http://127.0.0.1:PORT  | -           | 200",
      "text/plain                        | https://app.example    | cross-site  | 200",
      // JSON needs a CORS preflight first, which an unlisted origin does not pass: nothing to refuse here
      "application/json                  | https://evil.example   | cross-site  | 200",
  })
  void aBrowserPageOfAnotherOriginCannotSendAFormBody(String type, String origin, String site, int status)
      throws Exception {
    try (RawHttp raw = new RawHttp(lenient.port())) {
      StringBuilder head = new StringBuilder("POST /e2e/echo HTTP/1.1\r\nHost: 127.0.0.1:" + lenient.port() + "\r\n");
      if (type != null) {
        head.append("Content-Type: ").append(type).append("\r\n");
      }
      if (origin != null) {
        head.append("Origin: ").append(origin.replace("PORT", String.valueOf(lenient.port()))).append("\r\n");
      }
      if (site != null) {
        head.append("Sec-Fetch-Site: ").append(site).append("\r\n");
      }
      raw.write(head + "Content-Length: " + ECHOED.length() + "\r\n\r\n" + ECHOED);
      RawHttp.Response response = raw.read();
      assertThat(response.status()).as(response.body()).isEqualTo(status);
      assertThat(response.body()).isEqualTo(status == 200 ? ECHOED : response.body());
      if (status == 415) {
        assertThat(response.body()).contains("another origin");
      }
      // The refused body was skipped: the connection serves the next request.
      raw.write("GET /e2e/echo/next HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).isEqualTo("{\"id\":\"next\"}");
    }
  }

  @Test
  void anAllowedOriginGetsItsCorsHeadersWithTheAnswer() throws Exception {
    String head = Curl.run("-i", "-H", "Origin: https://app.example", "-H", "Content-Type: text/plain", "-d", ECHOED,
        url(lenient, "/e2e/echo"));
    assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("access-control-allow-origin: https://app.example")
        .endsWith(ECHOED);
  }

  @Test
  void strictContentTypeKeepsJsonTypesOnly() throws Exception {
    assertThat(Curl.run("-w", " %{http_code}", "-d", ECHOED, url(strict, "/e2e/echo"))).isEqualTo("{\"code\":3,"
        + "\"message\":\"unsupported Content-Type \\\"application/x-www-form-urlencoded\\\": send application/json\","
        + "\"details\":[]} 415");
    assertThat(Curl.run("-H", "Content-Type: text/plain", "-w", " %{http_code}", "-d", ECHOED, url(strict, "/e2e/echo")))
        .endsWith(" 415");
    assertThat(Curl.run("--json", ECHOED, url(strict, "/e2e/echo"))).isEqualTo(ECHOED);
    assertThat(Curl.run("-H", "Content-Type:", "-d", ECHOED, url(strict, "/e2e/echo"))).isEqualTo(ECHOED);
  }
}
