package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSocketCloseTest {

  @ParameterizedTest(name = "{0} closes with {1}")
  @CsvSource({
      "OK, 1000, ''",
      "CANCELLED, 4001, why",
      "INVALID_ARGUMENT, 4003, why",
      "NOT_FOUND, 4005, why",
      "UNAVAILABLE, 4014, why",
      "UNAUTHENTICATED, 4016, why",
  })
  void statusBecomesACloseCodeWithItsMessageAsReason(Status.Code code, int closeCode, String reason) {
    WebSocketClose close = WebSocketClose.of(Status.fromCode(code).withDescription("why"));
    assertThat(close.code()).isEqualTo(closeCode);
    assertThat(close.reason()).isEqualTo(reason);
  }

  @Test
  void statusWithoutMessageGivesItsCodeNameAsReason() {
    assertThat(WebSocketClose.of(Status.UNAVAILABLE).reason()).isEqualTo("UNAVAILABLE");
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"a, 200, 123", "é, 100, 122", "€, 60, 123", "😀, 40, 120", "a, 123, 123", "a, 5, 5"})
  void longReasonIsCutToTheFrameLimitOnACharacterBoundary(String unit, int repeat, int bytes) {
    String reason = WebSocketClose.truncate(unit.repeat(repeat));
    assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    assertThat(unit.repeat(repeat)).startsWith(reason);
    assertThat(reason.length() % unit.length()).isZero();
  }
}
