package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.Json;
import dev.rosetta.gateway.testing.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of HTTP rule reaches its method through a real gateway and backend. */
class RoutingEndToEndTest {
  static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static EchoMessage echo(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return Json.parse(response.body(), EchoMessage.getDefaultInstance());
  }

  @Test
  void getBindsAPathVariable() throws Exception {
    assertThat(echo(harness.get("/e2e/echo/abc")).getId()).isEqualTo("abc");
  }

  @Test
  void postWithStarBodyBindsTheWholeMessage() throws Exception {
    EchoMessage m = echo(harness.send("POST", "/e2e/echo", "{\"id\":\"x\",\"count\":3,\"names\":[\"a\",\"b\"]}"));
    assertThat(m.getId()).isEqualTo("x");
    assertThat(m.getCount()).isEqualTo(3);
    assertThat(m.getNamesList()).containsExactly("a", "b");
  }

  @Test
  void putWithANamedBodyFieldAndANestedPathVariable() throws Exception {
    EchoMessage m = echo(harness.send("PUT", "/e2e/echo/things/t1", "{\"level\":7}"));
    assertThat(m.getNested().getName()).isEqualTo("things/t1");
    assertThat(m.getNested().getLevel()).isEqualTo(7);
  }

  @Test
  void doubleWildcardCapturesManySegmentsAndKeepsEncodedSlashes() throws Exception {
    assertThat(echo(harness.get("/e2e/files/a/b/c%2Fd.txt")).getPath()).isEqualTo("a/b/c%2Fd.txt");
  }

  @Test
  void singleSegmentVariableIsFullyPercentDecoded() throws Exception {
    assertThat(echo(harness.get("/e2e/echo/a%2Fb%20c%C3%A9")).getId()).isEqualTo("a/b cé");
  }

  @Test
  void variableWithASubPatternCapturesItsLiteralsToo() throws Exception {
    EchoMessage m = echo(harness.get("/e2e/echo/x/parts/p1/q/r"));
    assertThat(m.getId()).isEqualTo("x");
    assertThat(m.getNested().getName()).isEqualTo("parts/p1/q/r");
  }

  @Test
  void customVerbRoutesToItsBinding() throws Exception {
    EchoMessage m = echo(harness.send("POST", "/e2e/echo/v1:touch", "{\"count\":1}"));
    assertThat(m.getId()).isEqualTo("v1");
    assertThat(m.getCount()).isEqualTo(1);
  }

  @Test
  void customHttpMethodKindIsServed() throws Exception {
    assertThat(echo(harness.send(HttpRequest.newBuilder(harness.uri("/e2e/echo/p"))
        .method("PURGE", HttpRequest.BodyPublishers.noBody()))).getId()).isEqualTo("p");
  }

  @Test
  void bodyBoundToARepeatedField() throws Exception {
    assertThat(echo(harness.send("POST", "/e2e/names", "[\"x\",\"y\"]")).getNamesList()).containsExactly("x", "y");
  }

  @Test
  void unknownPathIs404WithAStatusBody() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/nothing/here");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":5").contains("no route for GET /e2e/nothing/here");
  }

  @Test
  void knownPathWithWrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> response = harness.send("DELETE", "/e2e/echo/abc", null);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET, PURGE");
    assertThat(response.body()).contains("\"code\":12");
  }

  @Test
  void trailingSlashIsNotTheSameRoute() throws Exception {
    assertThat(harness.get("/e2e/echo/abc/").statusCode()).isEqualTo(404);
  }

  @Test
  void absoluteFormRequestTargetIsRoutedByItsPath() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET http://api.example/e2e/echo/abs?count=2 HTTP/1.1\r\nHost: api.example\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"id\":\"abs\",\"count\":2}");
    }
  }

  @Test
  void brokenPercentEncodingIs400() throws Exception {
    try (RawHttp raw = new RawHttp(harness.port())) {
      raw.write("GET /e2e/echo/a%zz HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response response = raw.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).contains("\"code\":3").contains("percent");
    }
  }
}
