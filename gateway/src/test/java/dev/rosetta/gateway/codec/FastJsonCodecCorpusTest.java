package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import dev.rosetta.test.codec.v1.CodecTestProto;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents both codecs must treat alike: malformed ones rejected by both (the streaming codec's
 * message naming the field where there is one), and tricky valid ones accepted with equal results.
 */
class FastJsonCodecCorpusTest {
  private static final Differential STRICT = new Differential(CodecOptions.DEFAULTS);
  private static final Differential LENIENT = new Differential(new CodecOptions(false, false, false, true));

  static Descriptor type(String name) {
    return CodecTestProto.getDescriptor().findMessageTypeByName(name);
  }

  /** type, JSON, the name the error must contain, as the JSON spells it ("" when there is no field to name). */
  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("Scalars", "{\"fInt32\":\"abc\"}", "fInt32"),
        Arguments.of("Scalars", "{\"fInt32\":2147483648}", "fInt32"),
        Arguments.of("Scalars", "{\"fInt32\":1.5}", "fInt32"),
        Arguments.of("Scalars", "{\"fUint32\":-1}", "fUint32"),
        Arguments.of("Scalars", "{\"fUint32\":4294967296}", "fUint32"),
        Arguments.of("Scalars", "{\"fInt64\":\"9223372036854775808\"}", "fInt64"),
        Arguments.of("Scalars", "{\"fUint64\":\"18446744073709551616\"}", "fUint64"),
        Arguments.of("Scalars", "{\"fUint64\":\"-1\"}", "fUint64"),
        Arguments.of("Scalars", "{\"fUint64\":\"1e999999999\"}", "fUint64"),
        Arguments.of("Scalars", "{\"fFloat\":3.5e38}", "fFloat"),
        Arguments.of("Scalars", "{\"fDouble\":1e309}", "fDouble"),
        Arguments.of("Scalars", "{\"fDouble\":\"nan\"}", "fDouble"),
        Arguments.of("Scalars", "{\"fBool\":1}", "fBool"),
        Arguments.of("Scalars", "{\"fBool\":\"TRUE\"}", "fBool"),
        Arguments.of("Scalars", "{\"fBytes\":\"a\"}", "fBytes"),
        Arguments.of("Scalars", "{\"fBytes\":\"a*b=\"}", "fBytes"),
        Arguments.of("Scalars", "{\"fEnum\":\"PURPLE\"}", "Color"),
        Arguments.of("Scalars", "{\"fEnum\":2147483648}", "Color"),
        Arguments.of("Scalars", "{\"fString\":{}}", "fString"),
        Arguments.of("Scalars", "{\"fString\":[]}", "fString"),
        Arguments.of("Scalars", "{\"fInt32\":[1,2]}", "fInt32"),
        Arguments.of("Scalars", "{\"noSuchField\":1}", "noSuchField"),
        Arguments.of("Scalars", "{\"fInt32\":1,\"f_int32\":2}", "f_int32"),
        Arguments.of("Repeateds", "{\"rInt32\":1}", "rInt32"),
        Arguments.of("Repeateds", "{\"rInt32\":[1,null]}", "rInt32"),
        Arguments.of("Repeateds", "{\"rMessage\":[1]}", "Scalars"),
        Arguments.of("Repeateds", "{\"rInt32\":[1],\"r_int32\":[2]}", "r_int32"),
        Arguments.of("Oneofs", "{\"cInt32\":1,\"cString\":\"a\"}", "cString"),
        Arguments.of("Oneofs", "{\"cInt32\":0,\"cValue\":null}", "cValue"),
        Arguments.of("Maps", "{\"mInt32\":{\"a\":\"x\"}}", "mInt32"),
        Arguments.of("Maps", "{\"mBool\":{\"1\":\"x\"}}", "mBool"),
        Arguments.of("Maps", "{\"mString\":{\"a\":null}}", "mString"),
        Arguments.of("Maps", "{\"mString\":[]}", "mString"),
        Arguments.of("Recursive", "{\"child\":5}", "Recursive"),
        Arguments.of("Wkts", "{\"timestamp\":\"2020-01-01T00:00:00\"}", "timestamp"),
        Arguments.of("Wkts", "{\"timestamp\":\"10000-01-01T00:00:00Z\"}", "timestamp"),
        Arguments.of("Wkts", "{\"timestamp\":{}}", "timestamp"),
        Arguments.of("Wkts", "{\"duration\":\"1\"}", "duration"),
        Arguments.of("Wkts", "{\"duration\":\"315576000001s\"}", "duration"),
        Arguments.of("Wkts", "{\"any\":{\"a\":1}}", "type url"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"nourl\"}}", "nourl"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"type.googleapis.com/no.Such\"}}", "no.Such"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"type.googleapis.com/rosetta.test.codec.v1.Scalars\",\"zz\":1}}", "zz"),
        Arguments.of("Wkts", "{\"struct\":[]}", "struct"),
        Arguments.of("Wkts", "{\"listValue\":{}}", "listValue"),
        Arguments.of("Wkts", "{\"int32Value\":{}}", "value"),
        Arguments.of("Wkts", "{\"int32Value\":\"x\"}", "value"),
        Arguments.of("Wkts", "{\"anys\":[null]}", "anys"),
        Arguments.of("Wkts", "{\"value\":" + "[".repeat(102) + "]".repeat(102) + "}", "nested deeper than 100"),
        Arguments.of("Recursive", "{\"child\":".repeat(101) + "{}" + "}".repeat(101), "nested deeper than 100"),
        Arguments.of("Scalars", "{\"fString\":\"\u00ff\"}".replace("\u00ff", "\\ud800x\u00ff"), ""));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void malformedDocumentsAreRejectedByBothCodecs(String typeName, String json, String named) {
    Descriptor type = type(typeName);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Outcome ref = Differential.parse(STRICT.reference, type, bytes);
    Outcome fast = Differential.parse(STRICT.fast, type, bytes);
    if (typeName.equals("Scalars") && json.contains("\\ud800")) {
      assertThat(fast.sameAs(ref)).as(fast + " vs " + ref).isTrue(); // a lone surrogate is accepted, as '?'
      return;
    }
    assertThat(ref.failed()).as("reference accepts " + json + ": " + ref.output()).isTrue();
    assertThat(fast.failed()).as("fast accepts " + json + ": " + fast.output()).isTrue();
    assertThat(fast.error().toLowerCase()).contains(named.toLowerCase());
  }

  /** Bytes that are not UTF-8, anywhere in the document: rejected by both. */
  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void invalidUtf8IsRejected(byte[] bytes) {
    Outcome ref = Differential.parse(LENIENT.reference, type("Scalars"), bytes);
    Outcome fast = Differential.parse(LENIENT.fast, type("Scalars"), bytes);
    assertThat(ref.failed()).isTrue();
    assertThat(fast.failed()).isTrue();
  }

  static Stream<byte[]> invalidUtf8() {
    return Stream.of(
        utf8("{\"fString\":\"", new byte[] {(byte) 0xC3, 0x28}, "\"}"),
        utf8("{\"fString\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"),
        utf8("{\"fString\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"),
        utf8("{\"fString\":\"", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}"),
        utf8("{\"unknown\":\"", new byte[] {(byte) 0xFF}, "\"}"),
        utf8("{\"fString\":\"ok\"", new byte[] {(byte) 0x80}, "}"));
  }

  private static byte[] utf8(String a, byte[] middle, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] z = b.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[x.length + middle.length + z.length];
    System.arraycopy(x, 0, all, 0, x.length);
    System.arraycopy(middle, 0, all, x.length, middle.length);
    System.arraycopy(z, 0, all, x.length + middle.length, z.length);
    return all;
  }

  /** Valid or lenient documents whose JsonFormat reading is surprising: same outcome, both options. */
  static Stream<Arguments> tricky() {
    return Stream.of(
        Arguments.of("Scalars", "{\"fInt32\":\"+5\",\"fInt64\":\"1e3\",\"fUint32\":\"7.0\",\"fUint64\":1E2}"),
        Arguments.of("Scalars", "{\"fFloat\":\"1f\",\"fDouble\":\"-0\",\"fBool\":\"true\",\"fString\":12.50}"),
        Arguments.of("Scalars", "{\"fFloat\":\"+NaN\",\"fDouble\":\"-Infinity\",\"fSint32\":[[-3]]}"),
        Arguments.of("Scalars", "{\"fFloat\":-0.0,\"fDouble\":-0.0,\"fEnum\":\"1\",\"fNull\":\"NULL_VALUE\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"-_-_\",\"fEnum\":-3,\"fString\":\"\\u00e9\\ud83d\\ude00\\ud800\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"QQ====\",\"fEnum\":7,\"fInt32\":0,\"f_int32\":5}"),
        Arguments.of("Scalars", "{\"fEnum\":\"PURPLE\",\"f_null\":null,\"fString\":null}"),
        Arguments.of("Scalars", "{\"fInt32\":1,\"fInt32\":2}"),
        Arguments.of("Scalars", "{\"fInt32\":\"bad\",\"fInt32\":2}"),
        Arguments.of("Scalars", "{'fInt32':1} // lenient"),
        Arguments.of("Scalars", "{\"fInt32\":1} trailing"),
        Arguments.of("Scalars", "\ufeff{\"fInt32\":1}"),
        Arguments.of("Repeateds", "{\"rEnum\":[\"PURPLE\",null,\"RED\"],\"rNull\":[null,0],\"rFloat\":[\"NaN\",1]}"),
        Arguments.of("Repeateds", "{\"rInt32\":[],\"r_int32\":[1,2],\"rUnpacked\":[0,1],\"rMessage\":[{}]}"),
        Arguments.of("Optionals", "{\"oInt32\":0,\"oString\":\"\",\"oEnum\":0,\"oNull\":null,\"oMessage\":{}}"),
        Arguments.of("Oneofs", "{\"cInt32\":null,\"cString\":\"a\",\"dTime\":null,\"dInt64\":\"0\"}"),
        Arguments.of("Oneofs", "{\"cValue\":null}"),
        Arguments.of("Oneofs", "{\"cNull\":null}"),
        Arguments.of("Maps", "{\"mBool\":{\"true\":\"a\",\"false\":\"\"},\"mInt32\":{\"1e1\":\"x\",\"-0\":\"y\"}}"),
        Arguments.of("Maps", "{\"mEnum\":{\"a\":\"PURPLE\",\"b\":null},\"mNull\":{\"x\":null},\"mValue\":{\"v\":null}}"),
        Arguments.of("Maps", "{\"mString\":{\"a\":\"1\",\"a\":\"2\"}}"),
        Arguments.of("Maps", "{\"mAny\":{\"k\":{}},\"mTime\":{\"t\":\"1970-01-01T00:00:00.5+01:30\"}}"),
        Arguments.of("Wkts", "{\"any\":{\"value\":\"1s\",\"@type\":\"type.googleapis.com/google.protobuf.Duration\",\"x\":1}}"),
        Arguments.of("Wkts", "{\"any\":{\"fInt32\":5,\"@type\":\"x/rosetta.test.codec.v1.Scalars/\"}}"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}"),
        Arguments.of("Wkts", "{\"timestamp\":\"2020-02-29T23:59:59.123456789-08:00\",\"duration\":\"-0.5s\"}"),
        Arguments.of("Wkts", "{\"timestamp\":\"2020-1-5T1:2:3Z\",\"duration\":\"+5.s\"}"),
        Arguments.of("Wkts", "{\"timestamp\":\"2020-13-01T00:00:00Z\",\"duration\":\"1.1234567891s\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"QQ=\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"QQ\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"Q\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"QUJD=\"}"),
        Arguments.of("Scalars", "{\"fBytes\":\"QR==\"}"),
        Arguments.of("Wkts", "{\"timestamp\":[\"1970-01-01t00:00:00z\"],\"fieldMask\":\"fooBar,,BazQux.x\"}"),
        Arguments.of("Wkts", "{\"fieldMask\":5,\"struct\":{\"a\":[1,\"b\",null,{\"c\":true}]},\"value\":-0}"),
        Arguments.of("Wkts", "{\"value\":1e400,\"listValue\":[[],{}],\"nullValue\":null,\"empty\":{}}"),
        Arguments.of("Wkts", "{\"int64Value\":\"5\",\"uint64Value\":0,\"boolValue\":false,\"bytesValue\":\"\",\"floatValue\":null}"),
        Arguments.of("Wkts", "{\"value\":" + "[".repeat(101) + "]".repeat(101) + "}"),
        Arguments.of("Recursive", "{\"child\":".repeat(100) + "{}" + "}".repeat(100)),
        Arguments.of("JsonNames", "{\"renamed\":\"a\",\"snakeCaseField\":1,\"alreadyCamel\":\"b\",\"x1Y\":\"c\",\"value\":\"d\"}"),
        Arguments.of("JsonNames", "{\"custom\":\"a\",\"snake_case_field\":1,\"x_1_y\":\"c\"}"),
        Arguments.of("Sparse", "{\"high\":\"h\",\"low\":1,\"middle\":\"2\"}"),
        Arguments.of("Scalars", "  {\n\t\"fInt32\" : 1 ,\r\n \"fString\":\"a\\/b\\\"c\\\\\\b\\f\\n\\r\\t\"}  "));
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void surprisingDocumentsGetTheReferenceOutcome(String typeName, String json) {
    for (Differential d : new Differential[] {STRICT, LENIENT}) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      Outcome ref = Differential.parse(d.reference, type(typeName), bytes);
      Outcome fast = Differential.parse(d.fast, type(typeName), bytes);
      assertThat(fast.sameAs(ref)).as(json + " with " + d.options + "\nref:  " + ref + "\nfast: " + fast).isTrue();
    }
  }
}
