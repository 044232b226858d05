package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes and mutated valid JSON fed to both codecs: accept/reject and results must agree,
 * and nothing but a CodecException may come out. Seeded (-Dcodec.seed), a few thousand cases.
 */
class FastJsonCodecFuzzTest {
  private static final long SEED = Long.getLong("codec.seed", 7L);
  private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-", "0", "1e5",
      "\\u", "\\ud800", "\"@type\"", "\"value\"", "\"fInt32\"", "'", "/*", " ", "\u2028", "\u00e9"};

  @Test
  void mutatedJsonAndRandomBytesGetTheSameOutcomeFromBothCodecs() {
    Random random = new Random(SEED);
    int cases = 0;
    for (CodecOptions options : new CodecOptions[] {CodecOptions.DEFAULTS, new CodecOptions(true, true, true, true)}) {
      Differential d = new Differential(options);
      RandomMessages gen = new RandomMessages(SEED, Differential.ANY_TYPES, 3, 10);
      for (int i = 0; i < 1600; i++) {
        Descriptor type = Differential.TYPES.get(random.nextInt(Differential.TYPES.size()));
        byte[] input;
        if (i % 8 == 0) {
          input = new byte[random.nextInt(48)];
          random.nextBytes(input);
          if (input.length > 0 && random.nextBoolean()) {
            input[0] = '{';
          }
        } else {
          Outcome printed = Differential.print(d.reference, type, gen.message(type, 0).toByteArray());
          if (printed.failed()) {
            continue;
          }
          input = mutate(printed.output().getBytes(StandardCharsets.UTF_8), random);
        }
        Outcome ref = Differential.parse(d.reference, type, input);
        Outcome fast = Differential.parse(d.fast, type, input);
        assertThat(fast.sameAs(ref))
            .as(Differential.describe(SEED, type, options, new String(input, StandardCharsets.UTF_8) + " / "
                + HexFormat.of().formatHex(input), ref, fast))
            .isTrue();
        cases++;
      }
    }
    assertThat(cases).isGreaterThan(2500);
  }

  private static byte[] mutate(byte[] json, Random random) {
    StringBuilder s = new StringBuilder(new String(json, StandardCharsets.UTF_8));
    for (int n = 1 + random.nextInt(3); n > 0 && s.length() > 0; n--) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(4)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 2 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
        default -> {
          int end = Math.min(s.length(), at + random.nextInt(20));
          s.insert(at, s.substring(at, end));
        }
      }
    }
    byte[] out = s.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0 && out.length > 0) {
      out[random.nextInt(out.length)] = (byte) (0x80 + random.nextInt(0x80));
    }
    return out;
  }
}
