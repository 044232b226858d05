package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import dev.rosetta.test.codec.v1.CodecTestProto;
import dev.rosetta.test.codec.v1.Recursive;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nesting limits: DynamicMessage's 100 nested messages on the wire (map entries count), JsonFormat's
 * 100 on the JSON side; far deeper input is a CodecException from both, never a StackOverflowError.
 */
class FastJsonCodecLimitsTest {
  private static final Differential D = new Differential(CodecOptions.DEFAULTS);
  private static final Descriptor RECURSIVE = CodecTestProto.getDescriptor().findMessageTypeByName("Recursive");

  @ParameterizedTest
  @ValueSource(ints = {1, 50, 99, 100, 101, 102, 5000})
  void wireNestedThroughMessageFieldsHitsTheSameLimit(int depth) {
    byte[] wire = nestedChildren(depth);
    Outcome ref = Differential.print(D.reference, RECURSIVE, wire);
    Outcome fast = Differential.print(D.fast, RECURSIVE, wire);
    assertThat(fast.sameAs(ref)).as("depth " + depth + "\nref: " + ref + "\nfast: " + fast).isTrue();
  }

  /** Recursive{child: ... {value: 1}} nested {@code depth} times, written by hand (generated code recurses). */
  private static byte[] nestedChildren(int depth) {
    int[] lengths = new int[depth + 1];
    lengths[depth] = 2; // 20 01: value = 1
    for (int i = depth - 1; i >= 0; i--) {
      lengths[i] = 1 + varintSize(lengths[i + 1]) + lengths[i + 1];
    }
    byte[] wire = new byte[lengths[0]];
    int at = 0;
    for (int i = 1; i <= depth; i++) {
      wire[at++] = 0x0a;
      for (int v = lengths[i]; ; v >>>= 7) {
        if (v < 0x80) {
          wire[at++] = (byte) v;
          break;
        }
        wire[at++] = (byte) (v | 0x80);
      }
    }
    wire[at++] = 0x20;
    wire[at] = 0x01;
    return wire;
  }

  private static int varintSize(int v) {
    int n = 1;
    while (v >= 0x80) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(ints = {49, 50, 51, 99, 100})
  void wireNestedThroughMapEntriesHitsTheSameLimit(int depth) {
    Recursive r = Recursive.newBuilder().setValue(1).build();
    for (int i = 0; i < depth; i++) {
      r = Recursive.newBuilder().putByName("k", r).build();
    }
    byte[] wire = r.toByteArray();
    Outcome ref = Differential.print(D.reference, RECURSIVE, wire);
    Outcome fast = Differential.print(D.fast, RECURSIVE, wire);
    assertThat(fast.sameAs(ref)).as("depth " + depth + "\nref: " + ref + "\nfast: " + fast).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {99, 100, 101, 100_000})
  void jsonNestedThroughMessagesAndListsHitsTheSameLimit(int depth) {
    for (String json : new String[] {
        "{\"child\":".repeat(depth) + "{}" + "}".repeat(depth),
        "{\"byName\":{\"k\":".repeat(depth) + "{}" + "}}".repeat(depth)}) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      Outcome ref = Differential.parse(D.reference, RECURSIVE, bytes);
      Outcome fast = Differential.parse(D.fast, RECURSIVE, bytes);
      assertThat(fast.sameAs(ref)).as("depth " + depth).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 5000})
  void unknownWireGroupsAreSkippedOrRejectedAlike(int depth) throws java.io.IOException {
    // field 1000 as a group, nested `depth` times: unknown to Recursive
    ByteString.Output out = ByteString.newOutput();
    for (int i = 0; i < depth; i++) {
      out.write(new byte[] {(byte) 0xC3, 0x3E});
    }
    for (int i = 0; i < depth; i++) {
      out.write(new byte[] {(byte) 0xC4, 0x3E});
    }
    byte[] wire = out.toByteString().toByteArray();
    Outcome ref = Differential.print(D.reference, RECURSIVE, wire);
    Outcome fast = Differential.print(D.fast, RECURSIVE, wire);
    assertThat(fast.failed()).as("depth " + depth + " ref " + ref + " fast " + fast).isEqualTo(ref.failed());
  }
}
