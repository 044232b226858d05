package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.gateway.codec.Differential.Outcome;
import dev.rosetta.test.codec.v1.CodecTestProto;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What both codecs refuse although JsonFormat alone would take it: a field given twice, a map key
 * given twice, text after the document. Each case runs through both codecs, with unknown fields
 * refused and ignored; both must fail with the message, or both give the same message.
 */
class StrictJsonTest {

  static Descriptor type(String name) {
    return CodecTestProto.getDescriptor().findMessageTypeByName(name);
  }

  static Stream<Arguments> documents() {
    String scalars = "rosetta.test.codec.v1.Scalars";
    return Stream.of(
        // type, document, the failure's message (a fragment both codecs give), or null: accepted
        Arguments.of("Scalars", "{\"fInt32\":1,\"fInt32\":2}", "duplicate field \"fInt32\" in " + scalars),
        Arguments.of("Scalars", "{\"fInt32\":1,\"f_int32\":2}", "duplicate field \"f_int32\" in " + scalars),
        Arguments.of("Scalars", "{\"fInt32\":0,\"f_int32\":2}", "duplicate field \"f_int32\" in " + scalars),
        Arguments.of("Scalars", "{\"fString\":null,\"fString\":\"a\"}", "duplicate field \"fString\""),
        Arguments.of("Scalars", "{\"fInt32\":\"bad\",\"fInt32\":2}", ""),
        Arguments.of("Repeateds", "{\"rInt32\":[1],\"r_int32\":[2]}", "duplicate field \"r_int32\""),
        Arguments.of("Maps", "{\"mString\":{\"a\":\"1\",\"a\":\"2\"}}",
            "duplicate map key \"a\" in rosetta.test.codec.v1.Maps.m_string"),
        Arguments.of("Maps", "{\"mMessage\":{\"k\":{\"fInt32\":1,\"fInt32\":2}}}", "duplicate field \"fInt32\" in " + scalars),
        Arguments.of("Maps", "{\"mString\":{\"a\":\"1\"},\"mMessage\":{\"a\":{}}}", null),
        Arguments.of("Oneofs", "{\"cInt32\":1,\"cString\":\"a\"}", "both belong to oneof choice"),
        Arguments.of("Oneofs", "{\"cInt32\":null,\"cString\":\"a\"}", null),
        Arguments.of("Wkts", "{\"struct\":{\"a\":1,\"b\":{\"a\":1},\"a\":2}}",
            "duplicate map key \"a\" in google.protobuf.Struct.fields"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\","
            + "\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}", "duplicate field \"@type\" in google.protobuf.Any"),
        Arguments.of("Wkts", "{\"any\":{\"@type\":\"type.googleapis.com/" + scalars + "\",\"fInt32\":1,\"fInt32\":2}}",
            "duplicate field \"fInt32\""),
        Arguments.of("Recursive", "{\"child\":{\"child\":{\"value\":1,\"value\":2}}}", "duplicate field \"value\""),
        Arguments.of("Scalars", "{\"fInt32\":1} x", "unexpected text after the JSON document"),
        Arguments.of("Scalars", "{}{}", "unexpected text after the JSON document"),
        Arguments.of("Scalars", "{} 1", "unexpected text after the JSON document"),
        Arguments.of("Scalars", "{}]", "unexpected text after the JSON document"),
        Arguments.of("Scalars", "{} // a comment", "unexpected text after the JSON document"),
        // Not JSON from its first member on (the reference's lenient reader takes the quotes, then stops at the x).
        Arguments.of("Scalars", "{'fInt32':1} x", "malformed JSON at line 1, column 2: expected a member name in double quotes"),
        Arguments.of("Scalars", "{\"fInt32\":1} \n\t\r ", null),
        Arguments.of("Scalars", "\n {\"fInt32\":1}", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("documents")
  void bothCodecsGiveTheSameAnswer(String typeName, String json, String failure) {
    for (CodecOptions options : new CodecOptions[] {CodecOptions.DEFAULTS, new CodecOptions(false, false, false, true)}) {
      Differential d = new Differential(options);
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      Outcome ref = Differential.parse(d.reference, type(typeName), bytes);
      Outcome fast = Differential.parse(d.fast, type(typeName), bytes);
      assertAnswer(ref, fast, failure);
    }
  }

  @org.junit.jupiter.api.Test
  void bothCodecsSayWhereTheTextAfterTheDocumentStarts() {
    Differential d = new Differential(CodecOptions.DEFAULTS);
    byte[] json = "{\"fInt32\":1}\n  x".getBytes(StandardCharsets.UTF_8);
    assertThat(Differential.parse(d.fast, type("Scalars"), json).error())
        .isEqualTo("unexpected text after the JSON document (line 2, column 3)");
    assertThat(Differential.parse(d.reference, type("Scalars"), json).error())
        .isEqualTo("unexpected text after the JSON document (line 2, column 3)");
  }

  static Stream<Arguments> fieldValues() {
    return Stream.of(
        Arguments.of("Maps", "m_string", "{\"a\":\"1\",\"a\":\"2\"}", "duplicate map key \"a\""),
        Arguments.of("Everything", "oneofs", "{\"cInt32\":1,\"c_int32\":2}", "duplicate field \"c_int32\""),
        Arguments.of("Scalars", "f_int32", "1 x", "unexpected text after the JSON document"),
        Arguments.of("Scalars", "f_int32", "1 ", null));
  }

  /** A body bound to one field ({@code body: "field"}) is a document of its own. */
  @ParameterizedTest(name = "{0}.{1} {2}")
  @MethodSource("fieldValues")
  void aFieldBodyIsHeldToTheSameRules(String typeName, String fieldName, String json, String failure) {
    Differential d = new Differential(CodecOptions.DEFAULTS);
    FieldDescriptor field = type(typeName).findFieldByName(fieldName);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertAnswer(Differential.parseField(d.reference, field, bytes), Differential.parseField(d.fast, field, bytes), failure);
  }

  private static void assertAnswer(Outcome ref, Outcome fast, String failure) {
    if (failure == null) {
      assertThat(ref.failed()).as("reference: %s", ref).isFalse();
      assertThat(fast.sameAs(ref)).as("fast %s, reference %s", fast, ref).isTrue();
    } else {
      assertThat(ref.error()).as("reference").isNotNull().contains(failure);
      assertThat(fast.error()).as("fast").isNotNull().contains(failure);
    }
  }
}
