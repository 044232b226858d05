package dev.rosetta.gateway.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.rosetta.gateway.bind.QueryString.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** application/x-www-form-urlencoded splitting and decoding. */
class QueryStringTest {

  static Stream<Arguments> queries() {
    return Stream.of(
        arguments(null, List.of()),
        arguments("", List.of()),
        arguments("a=1", List.of("a", "1")),
        arguments("a=1&b=2", List.of("a", "1", "b", "2")),
        arguments("a=1&a=2", List.of("a", "1", "a", "2")),
        arguments("a", List.of("a", "")),
        arguments("a=", List.of("a", "")),
        arguments("a&b=2", List.of("a", "", "b", "2")),
        arguments("a=1&&b=2&", List.of("a", "1", "b", "2")),
        arguments("&", List.of()),
        arguments("a=b=c", List.of("a", "b=c")),
        arguments("=x", List.of("", "x")),
        arguments("q=hello+world", List.of("q", "hello world")),
        arguments("q=a%2Bb", List.of("q", "a+b")),
        arguments("q=a%20b%26c%3Dd", List.of("q", "a b&c=d")),
        arguments("q=%e4%b8%96%E7%95%8C", List.of("q", "世界")),
        arguments("q=%F0%9F%99%82", List.of("q", "🙂")),
        arguments("q=caf%C3%A9", List.of("q", "café")),
        arguments("q=café", List.of("q", "café")), // raw non-ASCII text left by a lenient client
        arguments("q=café%21", List.of("q", "café!")),
        arguments("q=🙂%21", List.of("q", "🙂!")),
        arguments("page+size=1", List.of("page size", "1")),
        arguments("labels%5Bk%5D=v", List.of("labels[k]", "v")),
        arguments("a.b=1;c=2", List.of("a.b", "1;c=2")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void splitsAndDecodesPairs(String raw, List<String> expected) throws Exception {
    List<String> flat = new ArrayList<>();
    for (Parameter parameter : QueryString.parse(raw)) {
      flat.add(parameter.name());
      flat.add(parameter.value());
    }

    assertThat(flat).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("q=%zz", "malformed query parameter \"q\": bad percent-encoding in its value at \"%zz\""),
        arguments("q=abc%", "malformed query parameter \"q\": bad percent-encoding in its value at \"%\""),
        arguments("q=abc%4", "bad percent-encoding in its value at \"%4\""),
        arguments("q%g1=1", "malformed query parameter \"q%g1\": bad percent-encoding in its name"),
        arguments("q=%C3", "malformed query parameter \"q\": its value is not valid UTF-8"),
        arguments("q=%FF%FE", "its value is not valid UTF-8"),
        arguments("q=%ED%A0%80", "its value is not valid UTF-8"), // an encoded lone surrogate
        arguments("%C3=1", "its name is not valid UTF-8"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void rejectsMalformedEncodingNamingTheParameter(String raw, String message) {
    assertThatThrownBy(() -> QueryString.parse(raw)).isInstanceOf(BindException.class).hasMessageContaining(message);
  }
}
