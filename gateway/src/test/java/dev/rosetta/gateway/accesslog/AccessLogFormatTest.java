package dev.rosetta.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.http.CompletedExchange;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
  private static final CompletedExchange UNMATCHED = new CompletedExchange(
      "GET", "/a\"b?q=1", null, 404, Status.Code.NOT_FOUND, null, 0, 61, 1_234_567, "abc", CompletedExchange.HTTP_1_1,
      "no_route");

  @Test
  void textLineNamesEveryFieldInOrder() {
    assertThat(AccessLog.text(UNMATCHED))
        .isEqualTo("GET /a\"b?q=1 route=unmatched status=404 grpc=NOT_FOUND in=0 out=61 ms=1.235 id=abc proto=http/1.1 reason=no_route");
  }

  @Test
  void jsonLineEscapesThePath() {
    assertThat(AccessLog.json(UNMATCHED)).isEqualTo("{\"method\":\"GET\",\"path\":\"/a\\\"b?q=1\",\"route\":\"unmatched\","
        + "\"status\":404,\"grpcCode\":\"NOT_FOUND\",\"bytesIn\":0,\"bytesOut\":61,\"latencyMs\":1.235,\"requestId\":\"abc\",\"protocol\":\"http/1.1\","
        + "\"reason\":\"no_route\"}");
  }

  @Test
  void anExchangeTheBackendAnsweredHasNoReason() {
    CompletedExchange ok = new CompletedExchange("GET", "/v1/shelves", null, 200, Status.Code.OK, Status.Code.OK, 0, 2,
        1_000_000, "id", CompletedExchange.HTTP_1_1, null);
    assertThat(AccessLog.text(ok)).endsWith(" id=id proto=http/1.1");
    assertThat(AccessLog.json(ok)).endsWith("\"requestId\":\"id\",\"protocol\":\"http/1.1\"}");
  }

  @Test
  void formatNamesAreCaseInsensitiveAndABadOneIsNamed() {
    assertThat(AccessLog.Format.parse("JSON")).isEqualTo(AccessLog.Format.JSON);
    assertThatThrownBy(() -> AccessLog.Format.parse("xml")).hasMessageContaining("\"xml\"");
  }
}
