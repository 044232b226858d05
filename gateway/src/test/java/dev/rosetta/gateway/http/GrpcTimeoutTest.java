package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcTimeoutTest {
  @ParameterizedTest(name = "{0} is {1} ns")
  @CsvSource({
    "1H,3600000000000", "2M,120000000000", "2S,2000000000", "500m,500000000", "250u,250000", "7n,7",
    "99999999S,99999999000000000", " 3S ,3000000000"
  })
  void parsesEveryUnit(String header, long nanos) {
    assertThat(GrpcTimeout.parseNanos(header)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "S", "5", "5s", "5ms", "-5S", "1.5S", "123456789S", "5 S", "five"})
  void rejectsWhatIsNotTheSyntax(String header) {
    assertThatThrownBy(() -> GrpcTimeout.parseNanos(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Grpc-Timeout");
  }
}
