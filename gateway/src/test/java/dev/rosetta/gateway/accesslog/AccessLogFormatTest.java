package dev.rosetta.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.http.CompletedExchange;
import io.grpc.Status;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
  private static final CompletedExchange UNMATCHED = new CompletedExchange(
      "GET", "/a\"b?q=1", null, 404, Status.Code.NOT_FOUND, null, 0, 61, 1_234_567, "abc", CompletedExchange.HTTP_1_1,
      "1.1", "no_route");

  @Test
  void textLineNamesEveryFieldInOrderWithTheGatewaysReason() {
    assertThat(AccessLog.text(UNMATCHED)).isEqualTo(
        "GET /a\"b?q=1 route=unmatched status=404 grpc=NOT_FOUND in=0 out=61 ms=1.235 id=abc proto=http/1.1 reason=no_route");
  }

  @Test
  void jsonLineUsesSemanticConventionNamesAndEscapesThePath() {
    assertThat(AccessLog.json(UNMATCHED)).isEqualTo("{\"http.request.method\":\"GET\",\"url.path\":\"/a\\\"b\","
        + "\"url.query\":\"q=1\",\"http.response.status_code\":404,\"rpc.grpc.status_code\":5,"
        + "\"network.protocol.name\":\"http\",\"network.protocol.version\":\"1.1\","
        + "\"http.request.body.size\":0,\"http.response.body.size\":61,\"http.server.request.duration\":0.001234567,"
        + "\"rosetta.request_id\":\"abc\",\"rosetta.protocol\":\"http/1.1\",\"rosetta.reason\":\"no_route\"}");
  }

  @Test
  void aTracedExchangeFromAKnownClientCarriesItsAddressAndTraceIds() {
    CompletedExchange traced = new CompletedExchange("GET", "/v1/x", null, 200, Status.Code.OK, Status.Code.OK, 0, 2,
        1_000_000, "id1", CompletedExchange.HTTP_1_1, "1.1", null, new InetSocketAddress("10.1.2.3", 5555),
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    assertThat(AccessLog.json(traced)).contains("\"client.address\":\"10.1.2.3\"",
        "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"")
        .doesNotContain("url.query", "rosetta.reason");
    assertThat(AccessLog.text(traced)).endsWith(" id=id1 proto=http/1.1 trace=4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void formatNamesAreCaseInsensitiveAndABadOneIsNamed() {
    assertThat(AccessLog.Format.parse("JSON")).isEqualTo(AccessLog.Format.JSON);
    assertThatThrownBy(() -> AccessLog.Format.parse("xml")).hasMessageContaining("\"xml\"");
  }
}
