package dev.rosetta.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.codec.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The streaming codec against the reference (JsonFormat) on arbitrary bytes: the fast codec
 * accepts nothing the reference refuses, input both accept means the same message, and printing
 * it gives the same JSON. Only {@link CodecException} may escape either.
 *
 * <p>The fast codec may refuse what the reference accepts: Jazzer found in its first half minute
 * that Gson's lenient reader under JsonFormat takes {@code [null"a"]} (no comma) as an array of
 * two; the fast codec answers 400. That input is the seed {@code found-missing-comma-after-null}.
 */
class CodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void theFastCodecParsesArbitraryBytesLikeTheReference(FuzzedDataProvider data) throws Exception {
    byte[] json = data.consumeRemainingAsBytes();
    byte[] fast = parse(FuzzFixture.FAST, json);
    byte[] reference = parse(FuzzFixture.REFERENCE, json);
    if (reference == null) {
      assertThat(fast).as("fast accepts only what the reference accepts: %s", new String(json, StandardCharsets.UTF_8))
          .isNull();
    }
    if (fast == null || reference == null) {
      return;
    }
    assertThat(message(fast)).isEqualTo(message(reference));
    assertThat(print(FuzzFixture.FAST, fast)).isEqualTo(print(FuzzFixture.REFERENCE, reference));
  }

  private static byte[] parse(JsonCodec codec, byte[] json) {
    ByteBuf in = Unpooled.wrappedBuffer(json);
    try {
      return codec.parse(FuzzFixture.ECHO, in);
    } catch (CodecException e) {
      return null;
    } finally {
      in.release();
    }
  }

  private static String print(JsonCodec codec, byte[] wire) throws CodecException {
    ByteBuf out = Unpooled.buffer();
    try {
      codec.print(FuzzFixture.ECHO, wire, out);
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  private static DynamicMessage message(byte[] wire) throws InvalidProtocolBufferException {
    return DynamicMessage.parseFrom(FuzzFixture.ECHO, wire);
  }
}
