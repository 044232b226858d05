package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendTargetTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      localhost:9090                         | dns:///localhost:9090
      127.0.0.1:9090                         | dns:///127.0.0.1:9090
      ' books:9090 '                         | dns:///books:9090
      dns:///books.default.svc:9090          | dns:///books.default.svc:9090
      unix:///run/books.sock                 | unix:///run/books.sock
      10.0.0.1:9090,10.0.0.2:9090            | static:///10.0.0.1:9090,10.0.0.2:9090
      'a:1, b:2 ,c:3'                        | static:///a:1,b:2,c:3
      """)
  void targetsBecomeChannelUris(String target, String uri) {
    assertThat(BackendTarget.toUri(target)).isEqualTo(uri);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      books                  | 'books' is not host:port
      books:                 | 'books:' is not host:port
      :9090                  | ':9090' is not host:port
      books:http             | has no valid port
      books:70000            | has no valid port
      a:1,,b:2               | '' is not host:port
      """)
  void malformedTargetsAreRejectedNamingThePart(String target, String message) {
    assertThatThrownBy(() -> BackendTarget.toUri(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
