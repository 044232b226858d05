package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.testing.GatewayHarness;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which bodies a route reads, by Content-Type and, for the types a cross-site form can send, by who sends them. */
class BodyTypesTest {
  static final CorsPolicy CORS = new CorsPolicy(List.of("https://app.example", "null"), List.of("POST"), List.of(),
      Duration.ZERO);
  static final CorsPolicy ANY_ORIGIN = new CorsPolicy(List.of("*"), List.of("POST"), List.of(), Duration.ZERO);
  static RouteTable routes;

  @BeforeAll
  static void load() throws Exception {
    routes = RouteTable.build(DescriptorRegistry.build(List.of(DescriptorSetLoader.read(GatewayHarness.TEST_DESCRIPTORS))));
  }

  static Route route(String method, String path) {
    return ((RouteLookup.Found) routes.match(method, path)).match().route();
  }

  /** "-" for an absent header; the answer is "read" or the 415's reason tag. */
  @ParameterizedTest(name = "{0} {1}, {2}, Origin {3}, Sec-Fetch-Site {4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // JSON types, from anyone
      "POST | /e2e/echo       | application/json                  | https://evil.example | cross-site | read",
      "POST | /e2e/echo       | application/merge-patch+json      | -                    | -          | read",
      "POST | /e2e/echo       | Application/JSON; charset=utf-8   | -                    | -          | read",
      // what curl, scripts and SDKs send: read as JSON
      "POST | /e2e/echo       | application/x-www-form-urlencoded | -                    | -          | read",
      "POST | /e2e/echo       | text/plain; charset=UTF-8         | -                    | -          | read",
      "POST | /e2e/echo       | -                                 | -                    | -          | read",
      "POST | /e2e/echo       | ''                                | -                    | -          | read",
      "POST | /stream/l/sum   | text/plain                        | -                    | -          | read",
      // the same from a browser page of another origin: a cross-site form could send them
      "POST | /e2e/echo       | application/x-www-form-urlencoded | https://evil.example | -          | cross_origin_body",
      "POST | /e2e/echo       | text/plain                        | https://evil.example | cross-site | cross_origin_body",
      "POST | /e2e/echo       | -                                 | https://evil.example | -          | cross_origin_body",
      "POST | /e2e/echo       | text/plain                        | null                 | -          | cross_origin_body",
      "POST | /e2e/echo       | text/plain                        | -                    | cross-site | cross_origin_body",
      "POST | /e2e/echo       | text/plain                        | -                    | same-site  | cross_origin_body",
      "POST | /e2e/echo       | text/plain                        | https://127.0.0.1    | -          | cross_origin_body",
      // ... but not from the same origin, the user's own navigation, or an origin CORS lists
      "POST | /e2e/echo       | text/plain                        | https://evil.example | same-origin| read",
      "POST | /e2e/echo       | application/x-www-form-urlencoded | -                    | none       | read",
      "POST | /e2e/echo       | text/plain                        | http://127.0.0.1:80  | -          | read",
      "POST | /e2e/echo       | text/plain                        | https://app.example  | cross-site | read",
      // other types: never
      "POST | /e2e/echo       | multipart/form-data; boundary=x   | -                    | -          | unsupported_media_type",
      "POST | /e2e/echo       | text/xml                          | -                    | -          | unsupported_media_type",
      "POST | /e2e/echo       | application/x-ndjson              | -                    | -          | unsupported_media_type",
      "POST | /stream/l/sum   | application/x-ndjson              | -                    | -          | read",
      // rules whose body is ignored or raw take anything
      "PURGE| /e2e/echo/x     | text/xml                          | https://evil.example | cross-site | read",
      "GET  | /e2e/echo/x     | text/xml                          | https://evil.example | cross-site | read",
      "POST | /stream/echo    | image/png                         | https://evil.example | cross-site | read",
  })
  void aBodyIsReadByItsTypeAndByWhoSendsIt(String method, String path, String type, String origin, String site,
      String answer) {
    HttpHeaders headers = headers(type, origin, site);
    assertThat(answer(new BodyTypes(false, CORS).refusal(route(method, path), headers))).isEqualTo(answer);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "application/json                  | read",
      "text/plain                        | unsupported_media_type",
      "application/x-www-form-urlencoded | unsupported_media_type",
      "-                                 | read",
  })
  void strictContentTypeReadsJsonTypesOnlyAndABodyWithoutType(String type, String answer) {
    assertThat(answer(new BodyTypes(true, CORS).refusal(route("POST", "/e2e/echo"), headers(type, null, null))))
        .isEqualTo(answer);
  }

  @Test
  void strictContentTypeStillRefusesABodyWithoutTypeFromAnotherOrigin() {
    HttpHeaders headers = headers(null, "https://evil.example", null);
    assertThat(answer(new BodyTypes(true, CORS).refusal(route("POST", "/e2e/echo"), headers)))
        .isEqualTo("cross_origin_body");
  }

  @Test
  void aWildcardCorsPolicyTrustsNoOriginWithAFormBody() {
    HttpHeaders headers = headers("text/plain", "https://any.example", null);
    assertThat(answer(new BodyTypes(false, ANY_ORIGIN).refusal(route("POST", "/e2e/echo"), headers)))
        .isEqualTo("cross_origin_body");
  }

  @Test
  void theRefusalSaysWhichHeaderMadeTheRequestCrossOriginAndWhatToSend() {
    GatewayError error = new BodyTypes(false, CORS).refusal(route("POST", "/e2e/echo"),
        headers("text/plain", "https://evil.example", null));
    assertThat(error.httpStatus()).isEqualTo(415);
    assertThat(error.message()).isEqualTo("Content-Type \"text/plain\" is not accepted from a browser page of another "
        + "origin (Origin: https://evil.example), as a cross-site form could send it: send application/json");
  }

  private static HttpHeaders headers(String type, String origin, String site) {
    HttpHeaders headers = new DefaultHttpHeaders().set("Host", "127.0.0.1:80");
    if (type != null) {
      headers.set("Content-Type", type);
    }
    if (origin != null) {
      headers.set("Origin", origin);
    }
    if (site != null) {
      headers.set("Sec-Fetch-Site", site);
    }
    return headers;
  }

  private static String answer(GatewayError error) {
    if (error == null) {
      return "read";
    }
    assertThat(error.httpStatus()).isEqualTo(415);
    return error.reason();
  }
}
