package dev.rosetta.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.rosetta.gateway.e2e.v1.Color;
import dev.rosetta.gateway.e2e.v1.EchoMessage;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Path variables, query parameters and bodies become the gRPC message the backend receives. */
class BindingEndToEndTest {
  static GatewayHarness harness;
  static GatewayHarness lenient;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
    lenient = GatewayHarness.start(c -> c.withIgnoreUnknownQueryParameters(true));
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    lenient.close();
  }

  private static EchoMessage ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body(), EchoMessage.getDefaultInstance());
  }

  @Test
  void queryParametersFillEveryKindOfField() throws Exception {
    EchoMessage m = ok(harness.get("/e2e/echo/q?count=-5&big=9007199254740993&ratio=2.5e-1&flag=true"
        + "&color=GREEN&names=a&names=b+c&nested.name=n%26m&nested.level=4&blob=aGk_&when=2024-01-02T03:04:05.5Z"
        + "&span=1.5s&mask=displayName,nested.level&maybe=0&unsigned=18446744073709551615&small=NaN"
        + "&colors=1&colors=RED&signed=-7&fixed=42"));
    assertThat(m.getId()).isEqualTo("q");
    assertThat(m.getCount()).isEqualTo(-5);
    assertThat(m.getBig()).isEqualTo(9007199254740993L);
    assertThat(m.getRatio()).isEqualTo(0.25);
    assertThat(m.getFlag()).isTrue();
    assertThat(m.getColor()).isEqualTo(Color.GREEN);
    assertThat(m.getNamesList()).containsExactly("a", "b c");
    assertThat(m.getNested().getName()).isEqualTo("n&m");
    assertThat(m.getNested().getLevel()).isEqualTo(4);
    assertThat(m.getBlob()).isEqualTo(ByteString.copyFromUtf8("hi?"));
    assertThat(m.getWhen()).isEqualTo(Timestamps.parse("2024-01-02T03:04:05.5Z"));
    assertThat(m.getSpan()).isEqualTo(Durations.parse("1.5s"));
    assertThat(m.getMask().getPathsList()).containsExactly("display_name", "nested.level");
    assertThat(m.hasMaybe()).isTrue();
    assertThat(m.getMaybe().getValue()).isZero();
    assertThat(m.getUnsigned()).isEqualTo(-1L);
    assertThat(m.getSmall()).isNaN();
    assertThat(m.getColorsList()).containsExactly(Color.RED, Color.RED);
    assertThat(m.getSigned()).isEqualTo(-7);
    assertThat(m.getFixed()).isEqualTo(42L);
  }

  @Test
  void queryParametersAcceptJsonNamesAndProtoNames() throws Exception {
    assertThat(ok(harness.get("/e2e/echo/q?displayName=a")).getDisplayName()).isEqualTo("a");
    assertThat(ok(harness.get("/e2e/echo/q?display_name=b")).getDisplayName()).isEqualTo("b");
  }

  @Test
  void unknownQueryParameterIs400NamingIt() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/echo/q?nope=1");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":3").contains("nope");
  }

  @Test
  void unknownQueryParameterIsIgnoredWhenConfigured() throws Exception {
    assertThat(ok(lenient.get("/e2e/echo/q?nope=1&count=2")).getCount()).isEqualTo(2);
  }

  @Test
  void badQueryValueIs400NamingTheField() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/echo/q?count=12x");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("count").contains("12x");
  }

  @Test
  void outOfRangeIntegerIs400() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/echo/q?count=2147483648");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("count");
  }

  @Test
  void unknownEnumNameIs400() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/echo/q?color=PURPLE");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("color").contains("PURPLE");
  }

  @Test
  void pathVariableWinsOverTheSameFieldInTheBody() throws Exception {
    EchoMessage m = ok(harness.send("POST", "/e2e/echo/fromPath:touch", "{\"id\":\"fromBody\",\"count\":2}"));
    assertThat(m.getId()).isEqualTo("fromPath");
    assertThat(m.getCount()).isEqualTo(2);
  }

  @Test
  void queryParameterNamingAPathBoundFieldIs400() throws Exception {
    HttpResponse<String> response = harness.get("/e2e/echo/a?id=b");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("id");
  }

  @Test
  void queryParameterBesideAStarBodyIs400() throws Exception {
    HttpResponse<String> response = harness.send("POST", "/e2e/echo?count=1", "{}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("count");
  }

  @Test
  void queryParametersFillFieldsBesideANamedBodyField() throws Exception {
    EchoMessage m = ok(harness.send("PUT", "/e2e/echo/things/t?count=9", "{\"level\":1}"));
    assertThat(m.getCount()).isEqualTo(9);
    assertThat(m.getNested().getLevel()).isEqualTo(1);
  }

  @Test
  void anEmptyBodyWhereOneIsExpectedIsAnEmptyMessageAsInGrpcGatewayAndEnvoy() throws Exception {
    HttpResponse<String> response = harness.send("POST", "/e2e/echo", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
  }
}
