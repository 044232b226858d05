package dev.rosetta.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpStatusMappingTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "OK,200", "CANCELLED,499", "UNKNOWN,500", "INVALID_ARGUMENT,400", "DEADLINE_EXCEEDED,504",
    "NOT_FOUND,404", "ALREADY_EXISTS,409", "PERMISSION_DENIED,403", "UNAUTHENTICATED,401",
    "RESOURCE_EXHAUSTED,429", "FAILED_PRECONDITION,400", "ABORTED,409", "OUT_OF_RANGE,400",
    "UNIMPLEMENTED,501", "INTERNAL,500", "UNAVAILABLE,503", "DATA_LOSS,500"
  })
  void everyCodeHasItsStandardHttpStatus(Status.Code code, int http) {
    assertThat(HttpStatusMapping.httpStatus(code)).isEqualTo(http);
  }

  @Test
  void theTableCoversEveryCode() {
    for (Status.Code code : Status.Code.values()) {
      assertThat(HttpStatusMapping.httpStatus(code)).as(code.name()).isBetween(200, 599);
    }
  }
}
