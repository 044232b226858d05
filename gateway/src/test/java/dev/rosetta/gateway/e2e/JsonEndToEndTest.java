package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proto3 JSON mapping on the wire, its output flags, response_body and bad bodies. */
class JsonEndToEndTest {
  static GatewayHarness plain;
  static GatewayHarness protoNames;
  static GatewayHarness defaultsAndInts;
  static GatewayHarness lenient;

  @BeforeAll
  static void start() throws Exception {
    plain = GatewayHarness.start();
    protoNames = GatewayHarness.start(c -> c.withCodec(new CodecOptions(true, false, false, false)));
    defaultsAndInts = GatewayHarness.start(c -> c.withCodec(new CodecOptions(false, true, true, false)));
    lenient = GatewayHarness.start(c -> c.withCodec(new CodecOptions(false, false, false, true)));
  }

  @AfterAll
  static void stop() throws Exception {
    plain.close();
    protoNames.close();
    defaultsAndInts.close();
    lenient.close();
  }

  @Test
  void outputUsesJsonNamesInt64AsStringsAndEnumNames() throws Exception {
    HttpResponse<String> response = plain.send("POST", "/e2e/echo", "{\"display_name\":\"d\",\"big\":5,\"color\":2}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"big\":\"5\",\"color\":\"GREEN\",\"displayName\":\"d\"}");
  }

  @Test
  void preserveProtoFieldNamesPrintsProtoNames() throws Exception {
    assertThat(protoNames.send("POST", "/e2e/echo", "{\"displayName\":\"d\"}").body())
        .isEqualTo("{\"display_name\":\"d\"}");
  }

  @Test
  void emitDefaultsAndEnumsAsIntsPrintEveryFieldAndNumbers() throws Exception {
    String body = defaultsAndInts.send("POST", "/e2e/echo", "{\"color\":\"RED\"}").body();
    assertThat(body).contains("\"color\":1").contains("\"count\":0").contains("\"names\":[]").contains("\"id\":\"\"");
  }

  @Test
  void responseBodyOnARepeatedFieldPrintsTheArray() throws Exception {
    HttpResponse<String> response = plain.get("/e2e/names?names=a&names=b");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void responseBodyOnAMessageFieldPrintsTheMessage() throws Exception {
    HttpResponse<String> response = plain.get("/e2e/nested/x?nested.name=n&nested.level=2");
    assertThat(response.body()).isEqualTo("{\"name\":\"n\",\"level\":2}");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> response = plain.send("POST", "/e2e/echo", "{\"id\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":3");
  }

  @Test
  void wrongTypeIs400NamingTheField() throws Exception {
    HttpResponse<String> response = plain.send("POST", "/e2e/echo", "{\"count\":\"many\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("count");
  }

  @Test
  void unknownFieldIs400NamingIt() throws Exception {
    HttpResponse<String> response = plain.send("POST", "/e2e/echo", "{\"surprise\":1}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("surprise");
  }

  @Test
  void unknownFieldIsDroppedWhenConfigured() throws Exception {
    HttpResponse<String> response = lenient.send("POST", "/e2e/echo", "{\"surprise\":1,\"id\":\"k\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"k\"}");
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    HttpResponse<String> response = plain.send(java.net.http.HttpRequest.newBuilder(plain.uri("/e2e/echo"))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'})));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("UTF-8");
  }
}
