package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.test.codec.v1.CodecTestProto;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parser's output is bounded by the backend's message limit: a document whose wire form would
 * pass it stops as soon as it does, even when its JSON is well under the body limit (a list of
 * doubles takes 8 bytes each in wire format, 2 as {@code 1,} in JSON).
 */
class FastJsonCodecOutputLimitTest {
  private static final Descriptor REPEATEDS = CodecTestProto.getDescriptor().findMessageTypeByName("Repeateds");
  private static final int LIMIT = 1000;
  private static final FastJsonCodec CODEC = new FastJsonCodec(Differential.REGISTRY, CodecOptions.DEFAULTS, LIMIT);

  private static String doubles(int count) {
    return "{\"rDouble\":[" + "1,".repeat(count - 1) + "1]}";
  }

  @Test
  void aDocumentWhoseWireFormPassesTheLimitIsRefusedWithTheLimitNamed() {
    String json = doubles(200); // 401 bytes of JSON, ~1600 of wire
    assertThat(json.length()).isLessThan(LIMIT);
    assertThatThrownBy(() -> CODEC.parse(REPEATEDS, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)))
        .isInstanceOf(MessageLimitException.class)
        .hasMessageContaining("limit of 1000 bytes");
  }

  @Test
  void aDocumentJustUnderTheLimitIsWrittenAsTheReferenceWritesIt() throws Exception {
    String json = doubles(120); // tag, length and 960 bytes of doubles
    byte[] wire = CODEC.parse(REPEATEDS, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    assertThat(wire).hasSizeLessThanOrEqualTo(LIMIT);
    assertThat(wire).isEqualTo(new JsonFormatCodec(Differential.REGISTRY, CodecOptions.DEFAULTS)
        .parse(REPEATEDS, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)));
  }

  @Test
  void theParserWorksOnAfterARefusal() throws Exception {
    assertThatThrownBy(() -> CODEC.parse(REPEATEDS, Unpooled.copiedBuffer(doubles(500), StandardCharsets.UTF_8)))
        .isInstanceOf(MessageLimitException.class);
    assertThat(CODEC.parse(REPEATEDS, Unpooled.copiedBuffer(doubles(2), StandardCharsets.UTF_8))).hasSize(18);
  }
}
