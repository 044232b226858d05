package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import dev.rosetta.test.codec.v1.CodecTestProto;
import dev.rosetta.test.codec.v1.LegacyProto;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Types the streaming codec cannot handle exactly go to the reference codec, whole. */
class FastJsonCodecFallbackTest {
  private static final Differential D = new Differential(CodecOptions.DEFAULTS);

  @Test
  void aProto2TypeWithAGroupIsJudgedUnsupported() {
    PlanCache plans = new PlanCache();
    Optional<String> reason = plans.unsupportedReason(LegacyProto.Legacy.getDescriptor());
    assertThat(reason).isPresent();
    assertThat(reason.get()).contains("rosetta.test.codec.v1.Legacy");
    assertThat(plans.unsupportedReason(CodecTestProto.getDescriptor().findMessageTypeByName("Everything"))).isEmpty();
  }

  @Test
  void aProto2TypeIsPrintedAndParsedByTheReference() throws Exception {
    Descriptor legacy = LegacyProto.Legacy.getDescriptor();
    byte[] wire = LegacyProto.Legacy.newBuilder().setName("n")
        .setItem(LegacyProto.Legacy.Item.newBuilder().setId(3)).setCount(7).build().toByteArray();
    Outcome fast = Differential.print(D.fast, legacy, wire);
    // Proto2 explicit presence: count holds its default yet is printed; the group prints as "item".
    assertThat(fast.output()).isEqualTo("{\"name\":\"n\",\"item\":{\"id\":3},\"count\":7}");
    assertThat(fast.sameAs(Differential.print(D.reference, legacy, wire))).isTrue();
    byte[] json = fast.output().getBytes(StandardCharsets.UTF_8);
    assertThat(Differential.parse(D.fast, legacy, json).sameAs(Differential.parse(D.reference, legacy, json))).isTrue();
  }

  @Test
  void anUnknownCodecNameFailsNamingTheChoices() {
    assertThat(Codecs.create("fast", Differential.REGISTRY, CodecOptions.DEFAULTS)).isInstanceOf(FastJsonCodec.class);
    assertThat(Codecs.create("reference", Differential.REGISTRY, CodecOptions.DEFAULTS)).isInstanceOf(JsonFormatCodec.class);
    assertThatThrownBy(() -> Codecs.create("turbo", Differential.REGISTRY, CodecOptions.DEFAULTS))
        .hasMessageContaining("fast").hasMessageContaining("reference");
  }
}
