package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Leaving a token's query parameter out of the message, and its value out of the access log. */
class QueryParametersTest {
  private static final List<String> TOKEN = List.of("access_token");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "access_token=abc                    | null",
      "a=1&access_token=abc&b=2            | a=1&b=2",
      "access_token=abc&access_token=def&a | a",
      "access%5Ftoken=abc&a=1              | a=1",
      "access_token&a=1                    | a=1",
      "access_tokens=abc&a=1               | access_tokens=abc&a=1",
      "a=%zz&access_token=x                | a=%zz",
      "%zz=1&a=1                           | %zz=1&a=1",
      "&&a=1&&                             | a=1",
      "null                                | null",
  })
  void aTokenParameterIsLeftOutOfTheQueryTheMessageIsBoundFrom(String query, String expected) {
    assertThat(QueryParameters.without(query, TOKEN)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/v1/books?access_token=abc                 | /v1/books?access_token=REDACTED",
      "/v1/books?a=1&access_token=abc&b=access_token | /v1/books?a=1&access_token=REDACTED&b=access_token",
      "/v1/books?access%5Ftoken=abc               | /v1/books?access%5Ftoken=REDACTED",
      "/v1/books?access_token                     | /v1/books?access_token",
      "/v1/books?access_token=a&access_token=b    | /v1/books?access_token=REDACTED&access_token=REDACTED",
      "/v1/books                                  | /v1/books",
  })
  void theAccessLogSeesTheTokenParameterWithoutItsValue(String uri, String expected) {
    assertThat(QueryParameters.redacted(uri, TOKEN)).isEqualTo(expected);
  }
}
