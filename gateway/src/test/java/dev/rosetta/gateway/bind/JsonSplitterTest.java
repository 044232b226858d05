package dev.rosetta.gateway.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSplitterTest {

  private static List<String> split(JsonSplitter.Framing framing, int max, String... chunks) throws BindException {
    List<String> out = new ArrayList<>();
    try (JsonSplitter splitter = new JsonSplitter(framing, max, UnpooledByteBufAllocator.DEFAULT)) {
      for (String chunk : chunks) {
        ByteBuf buf = Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8);
        try {
          splitter.feed(buf, json -> out.add(json.toString(StandardCharsets.UTF_8)));
        } finally {
          buf.release();
        }
      }
      splitter.finish(json -> out.add(json.toString(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "ARRAY | [{\"a\":1},{\"b\":[1,{\"c\":\"]}\"}]}]           | {\"a\":1}~{\"b\":[1,{\"c\":\"]}\"}]}",
      "ARRAY | ' [ \"s\\\"]\" , 12 , true,null ] '             | \"s\\\"]\"~12~true~null",
      "ARRAY | []                                                  | ''",
      // grpc-gateway's framing: JSON values one after another (no '[' first), separated or not.
      "ARRAY | {\"a\":1}{\"b\":\"]\"}\\n {\"c\":[]}                | {\"a\":1}~{\"b\":\"]\"}~{\"c\":[]}",
      "ARRAY | ' {\"a\":1} '                                       | {\"a\":1}",
      "ARRAY | '  '                                                | ''",
      "LINES | {\"a\":1}\\n{\"b\":\"x\\ny\"}\\n\\n                | {\"a\":1}~{\"b\":\"x\\ny\"}",
      "LINES | 1 2\\n3                                            | 1~2~3",
      // Text after a message is not glued to it: it is the next message, which the codec refuses
      // on its own (a word), or a message of its own (a second object on the line).
      "LINES | {\"a\":1} x\\n{}{}                               | {\"a\":1}~x~{}~{}",
  })
  void elementsAreTheSameWhereverTheChunksAreCut(JsonSplitter.Framing framing, String input, String expected)
      throws BindException {
    String body = input.replace("\\n", "\n");
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.replace("\\n", "\n").split("~"));
    for (int cut = 0; cut <= body.length(); cut++) {
      for (int cut2 = cut; cut2 <= body.length(); cut2 += 3) {
        assertThat(split(framing, 1024, body.substring(0, cut), body.substring(cut, cut2), body.substring(cut2)))
            .as("cut at %d and %d", cut, cut2).isEqualTo(want);
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "ARRAY | {\"a\":1},{\"b\":2}     | expected a message in the request stream, found ','",
      "ARRAY | {\"a\":1}{\"b\":         | ended inside message 2",
      "ARRAY | [{\"a\":1}             | ended before the closing ']'",
      "ARRAY | [{\"a\":1},]           | expected a message",
      "ARRAY | [{\"a\":1}] x          | after the end of the request array",
      "ARRAY | [{\"a\":1} x]          | expected ',' or ']' after message 1",
      "ARRAY | [{\"a\":1}{}]          | expected ',' or ']' after message 1",
      "LINES | {\"a\":1}\\n{\"b\":    | ended inside message 2",
      "LINES | {\"a\":\"0123456789\"}  | larger than the limit of 10 bytes",
  })
  void malformedStreamsAreRejectedWithTheReason(JsonSplitter.Framing framing, String input, String reason) {
    assertThatThrownBy(() -> split(framing, 10, input.replace("\\n", "\n"), ""))
        .isInstanceOf(BindException.class).hasMessageContaining(reason);
  }
}
