package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which framing an Accept header picks for a server stream. */
class StreamFormatAcceptTest {
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # what generated clients send: application/json first, so they get the array they parse
      application/json, application/x-ndjson, text/event-stream | ARRAY
      application/x-ndjson, application/json                   | NDJSON
      text/event-stream                                        | SSE
      application/json                                         | ARRAY
      */*                                                      | SSE
      text/html;q=0.9, Application/JSON;q=0.1                  | ARRAY
      """)
  void theFirstMediaTypeNamingAFramingWins(String accept, StreamFormat expected) {
    // The fallback (the --stream-format default) is SSE here, to tell it from a real choice.
    assertThat(StreamFormat.forAccept(accept, StreamFormat.SSE)).isEqualTo(expected);
  }
}
