package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.rosetta.gateway.codec.Differential.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random messages of every type, printed and parsed by both codecs under every option
 * combination: the outcomes must be the same (byte-equal JSON; parse results equal as messages;
 * failures on both sides). Seeded: a failure prints its seed; set -Dcodec.seed to replay.
 */
class FastJsonCodecDifferentialTest {
  private static final long SEED = Long.getLong("codec.seed", 20240611L);
  private static final int PRINTS_PER_TYPE_AND_OPTIONS = 160;
  private static final int PARSES_PER_TYPE_AND_OPTIONS = 90;

  @Test
  void randomMessagesPrintExactlyLikeJsonFormat() {
    int compared = 0;
    for (CodecOptions options : Differential.allOptions()) {
      if (options.ignoreUnknownFields()) {
        continue; // printing ignores it
      }
      Differential d = new Differential(options);
      for (Descriptor type : Differential.TYPES) {
        long seed = SEED ^ type.getFullName().hashCode() ^ options.hashCode();
        RandomMessages gen = new RandomMessages(seed, Differential.ANY_TYPES, 4, 15);
        for (int i = 0; i < PRINTS_PER_TYPE_AND_OPTIONS; i++) {
          byte[] wire = mutateWire(gen, type, gen.message(type, 0).toByteArray());
          Outcome ref = Differential.print(d.reference, type, wire);
          Outcome fast = Differential.print(d.fast, type, wire);
          assertThat(fast.sameAs(ref))
              .as(Differential.describe(seed, type, options, "wire " + HexFormat.of().formatHex(wire), ref, fast))
              .isTrue();
          if (!type.getFields().isEmpty() && i % 4 == 0) {
            FieldDescriptor field = type.getFields().get(gen.random().nextInt(type.getFields().size()));
            Outcome refField = Differential.printField(d.reference, field, wire);
            Outcome fastField = Differential.printField(d.fast, field, wire);
            assertThat(fastField.sameAs(refField))
                .as("printField " + field.getName() + " "
                    + Differential.describe(seed, type, options, HexFormat.of().formatHex(wire), refField, fastField))
                .isTrue();
          }
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(Differential.TYPES.size() * 1000);
  }

  @Test
  void jsonPrintedUnderAnyOptionsParsesToTheSameMessage() {
    int compared = 0;
    int accepted = 0;
    for (CodecOptions options : Differential.allOptions()) {
      Differential d = new Differential(options);
      for (Descriptor type : Differential.TYPES) {
        long seed = SEED ^ type.getFullName().hashCode() ^ (options.hashCode() * 31L);
        RandomMessages gen = new RandomMessages(seed, Differential.ANY_TYPES, 4, 5);
        Random random = gen.random();
        for (int i = 0; i < PARSES_PER_TYPE_AND_OPTIONS; i++) {
          DynamicMessage message = gen.message(type, 0);
          CodecOptions printOptions = new CodecOptions(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), false);
          Outcome printed = Differential.print(new Differential(printOptions).reference, type, message.toByteArray());
          if (printed.failed()) {
            continue;
          }
          String json = random.nextInt(3) == 0 ? JsonMutator.mutate(printed.output(), random) : printed.output();
          byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
          Outcome ref = Differential.parse(d.reference, type, bytes);
          Outcome fast = Differential.parse(d.fast, type, bytes);
          assertThat(fast.sameAs(ref)).as(Differential.describe(seed, type, options, json, ref, fast)).isTrue();
          compared++;
          accepted += ref.failed() ? 0 : 1;
          if (!type.getFields().isEmpty() && i % 3 == 0) {
            FieldDescriptor field = type.getFields().get(random.nextInt(type.getFields().size()));
            Outcome value = Differential.printField(d.reference, field, message.toByteArray());
            if (!value.failed()) {
              byte[] valueBytes = value.output().getBytes(StandardCharsets.UTF_8);
              Outcome refField = Differential.parseField(d.reference, field, valueBytes);
              Outcome fastField = Differential.parseField(d.fast, field, valueBytes);
              assertThat(fastField.sameAs(refField))
                  .as("parseField " + field.getName() + " " + Differential.describe(seed, type, options, value.output(), refField, fastField))
                  .isTrue();
            }
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(Differential.TYPES.size() * 1000);
    assertThat(accepted).isGreaterThan(compared / 2);
  }

  /**
   * Non-canonical wire as backends may send it: a second message of the same type appended
   * (merge semantics: last scalar wins, repeated fields append), unknown fields, or nothing.
   */
  static byte[] mutateWire(RandomMessages gen, Descriptor type, byte[] wire) {
    Random random = gen.random();
    switch (random.nextInt(10)) {
      case 0 -> {
        byte[] more = gen.message(type, 2).toByteArray();
        byte[] both = new byte[wire.length + more.length];
        System.arraycopy(wire, 0, both, 0, wire.length);
        System.arraycopy(more, 0, both, wire.length, more.length);
        return both;
      }
      case 1 -> {
        // field 1000 (unknown in every test type): varint, then length-delimited
        byte[] unknown = {(byte) 0xC0, 0x3E, 0x05, (byte) 0xC2, 0x3E, 0x02, 0x41, 0x42};
        byte[] out = new byte[wire.length + unknown.length];
        int at = random.nextBoolean() ? 0 : wire.length;
        System.arraycopy(unknown, 0, out, at, unknown.length);
        System.arraycopy(wire, 0, out, at == 0 ? unknown.length : 0, wire.length);
        return out;
      }
      default -> {
        return wire;
      }
    }
  }
}
