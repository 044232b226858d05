package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --case-insensitive-enums} in both codecs: random messages of every type printed with
 * enum names, every name then rewritten in another case (anywhere: fields, lists, map values, Any
 * payloads), parsed by the reference and the streaming codec. With the option both must give
 * the message of the original JSON; without it both must refuse the rewritten names alike.
 */
class AnyCaseEnumsDifferentialTest {
  private static final Pattern NAMES = Pattern.compile("\"(COLOR_UNSPECIFIED|RED|CRIMSON|GREEN|NEGATIVE)\"");
  private static final CodecOptions ANY_CASE = new CodecOptions(false, false, false, false, true);

  @Test
  void enumNamesInAnyCaseParseToTheSameMessageInBothCodecs() {
    Differential anyCase = new Differential(ANY_CASE);
    Differential exact = new Differential(CodecOptions.DEFAULTS);
    int rewritten = 0;
    for (Descriptor type : Differential.TYPES) {
      long seed = 20241204L ^ type.getFullName().hashCode();
      RandomMessages gen = new RandomMessages(seed, Differential.ANY_TYPES, 4, 5);
      Random random = gen.random();
      for (int i = 0; i < 60; i++) {
        Outcome printed = Differential.print(exact.reference, type, gen.message(type, 0).toByteArray());
        if (printed.failed()) {
          continue;
        }
        String json = printed.output();
        String other = otherCase(json, random);
        if (other.equals(json)) {
          continue;
        }
        rewritten++;
        byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
        Outcome original = Differential.parse(exact.reference, type, json.getBytes(StandardCharsets.UTF_8));
        Outcome ref = Differential.parse(anyCase.reference, type, bytes);
        Outcome fast = Differential.parse(anyCase.fast, type, bytes);
        assertThat(ref.sameAs(original)).as(Differential.describe(seed, type, ANY_CASE, other, original, ref)).isTrue();
        assertThat(fast.sameAs(original)).as(Differential.describe(seed, type, ANY_CASE, other, original, fast)).isTrue();
        Outcome refExact = Differential.parse(exact.reference, type, bytes);
        Outcome fastExact = Differential.parse(exact.fast, type, bytes);
        assertThat(fastExact.sameAs(refExact))
            .as(Differential.describe(seed, type, CodecOptions.DEFAULTS, other, refExact, fastExact)).isTrue();
      }
    }
    assertThat(rewritten).isGreaterThan(200);
  }

  /** Every enum name (and, alike, a string field holding one) in lower or mixed case. */
  private static String otherCase(String json, Random random) {
    Matcher m = NAMES.matcher(json);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String changed = random.nextBoolean() ? name.toLowerCase(Locale.ROOT)
          : name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
      m.appendReplacement(out, Matcher.quoteReplacement("\"" + changed + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }
}
