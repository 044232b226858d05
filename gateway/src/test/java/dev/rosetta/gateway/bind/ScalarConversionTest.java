package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.BindFixture.EVERYTHING;
import static dev.rosetta.gateway.bind.BindFixture.STRICT;
import static dev.rosetta.gateway.bind.BindFixture.allTypes;
import static dev.rosetta.gateway.bind.BindFixture.bind;
import static dev.rosetta.gateway.bind.BindFixture.bindError;
import static dev.rosetta.gateway.bind.BindFixture.match;
import static dev.rosetta.gateway.bind.BindFixture.query;
import static dev.rosetta.gateway.bind.BindFixture.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.Color;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Text to scalar conversion, shared by path variables and query parameters. */
class ScalarConversionTest {

  static Stream<Arguments> validValues() {
    return Stream.of(
        arguments("f_string", "hello world", "hello world"),
        arguments("f_string", "", ""),
        arguments("f_string", "Grüße, 世界 🙂", "Grüße, 世界 🙂"),
        arguments("f_bool", "true", true),
        arguments("f_bool", "TRUE", true),
        arguments("f_bool", "False", false),
        arguments("f_bool", "1", true),
        arguments("f_bool", "0", false),
        arguments("f_int32", "0", 0),
        arguments("f_int32", "42", 42),
        arguments("f_int32", "007", 7),
        arguments("f_int32", "-1", -1),
        arguments("f_int32", "2147483647", Integer.MAX_VALUE),
        arguments("f_int32", "-2147483648", Integer.MIN_VALUE),
        arguments("f_sint32", "-2147483648", Integer.MIN_VALUE),
        arguments("f_sint32", "2147483647", Integer.MAX_VALUE),
        arguments("f_sfixed32", "-5", -5),
        arguments("f_int64", "9223372036854775807", Long.MAX_VALUE),
        arguments("f_int64", "-9223372036854775808", Long.MIN_VALUE),
        arguments("f_sint64", "-9223372036854775808", Long.MIN_VALUE),
        arguments("f_sint64", "-3", -3L),
        arguments("f_sfixed64", "-9223372036854775808", Long.MIN_VALUE),
        arguments("f_uint32", "4294967295", -1), // Java holds uint32 in an int
        arguments("f_uint32", "2147483648", Integer.MIN_VALUE),
        arguments("f_fixed32", "4294967295", -1),
        arguments("f_uint64", "18446744073709551615", -1L),
        arguments("f_uint64", "9223372036854775808", Long.MIN_VALUE),
        arguments("f_fixed64", "18446744073709551615", -1L),
        arguments("f_double", "1.5", 1.5d),
        arguments("f_double", "-0.25e-3", -0.25e-3d),
        arguments("f_double", "1E308", 1e308d),
        arguments("f_double", ".5", 0.5d),
        arguments("f_double", "3.", 3d),
        arguments("f_double", "NaN", Double.NaN),
        arguments("f_double", "Infinity", Double.POSITIVE_INFINITY),
        arguments("f_double", "-Infinity", Double.NEGATIVE_INFINITY),
        arguments("f_float", "3.25", 3.25f),
        arguments("f_float", "3.4028235e38", Float.MAX_VALUE),
        arguments("f_float", "-Infinity", Float.NEGATIVE_INFINITY),
        arguments("f_float", "1e-50", 0f), // underflow rounds to zero, as in proto3 JSON
        arguments("f_bytes", "aGk/Pz4+", bytes("hi??>>")), // standard alphabet
        arguments("f_bytes", "aGk_Pz4-", bytes("hi??>>")), // URL-safe alphabet
        arguments("f_bytes", "aGk=", bytes("hi")),
        arguments("f_bytes", "aGk", bytes("hi")),
        arguments("f_bytes", "YQ==", bytes("a")),
        arguments("f_bytes", "YQ=", bytes("a")),
        arguments("f_bytes", "YQ", bytes("a")),
        arguments("f_bytes", "", ByteString.EMPTY),
        arguments("f_enum", "GREEN", Color.GREEN.getValueDescriptor()),
        arguments("f_enum", "2", Color.GREEN.getValueDescriptor()),
        arguments("f_enum", "COLOR_UNSPECIFIED", Color.COLOR_UNSPECIFIED.getValueDescriptor()));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void validTextBecomesTheFieldValue(String field, String text, Object expected) throws Exception {
    AllTypes message = query(field + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));

    FieldDescriptor descriptor = AllTypes.getDescriptor().findFieldByName(field);
    assertThat(message.getField(descriptor)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void aPathVariableConvertsByTheSameRules(String field, String text, Object expected) throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "", field), text), null, null));

    assertThat(message.getField(AllTypes.getDescriptor().findFieldByName(field))).isEqualTo(expected);
  }

  @Test
  void anOpenEnumKeepsAnUndeclaredNumber() throws Exception {
    AllTypes message = query("f_enum=77");

    assertThat(message.getFEnumValue()).isEqualTo(77);
  }

  @Test
  void negativeInt32AndEnumNumbersAreSignExtended() throws Exception {
    AllTypes message = query("f_int32=-7&f_enum=-2&f_sint32=-7&f_sfixed32=-7");

    assertThat(message.getFInt32()).isEqualTo(-7);
    assertThat(message.getFEnumValue()).isEqualTo(-2);
    assertThat(message.getFSint32()).isEqualTo(-7);
    assertThat(message.getFSfixed32()).isEqualTo(-7);
    assertThat(message.getUnknownFields().asMap()).isEmpty();
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        arguments("f_int32", "abc", "\"abc\" is not a decimal integer (int32)"),
        arguments("f_int32", "", "\"\" is not a decimal integer"),
        arguments("f_int32", "1.5", "\"1.5\" is not a decimal integer"),
        arguments("f_int32", "1e3", "\"1e3\" is not a decimal integer"),
        arguments("f_int32", "+5", "\"+5\" is not a decimal integer"),
        arguments("f_int32", " 5", "\" 5\" is not a decimal integer"),
        arguments("f_int32", "0x10", "is not a decimal integer"),
        arguments("f_int32", "-", "\"-\" is not a decimal integer"),
        arguments("f_int32", "2147483648", "\"2147483648\" is out of range for int32"),
        arguments("f_int32", "-2147483649", "is out of range for int32"),
        arguments("f_sint32", "3000000000", "is out of range for int32"),
        arguments("f_int64", "9223372036854775808", "is out of range for int64"),
        arguments("f_int64", "99999999999999999999999", "is out of range for int64"),
        arguments("f_uint32", "-1", "\"-1\" is out of range for uint32"),
        arguments("f_uint32", "4294967296", "is out of range for uint32"),
        arguments("f_fixed32", "4294967296", "is out of range for uint32"),
        arguments("f_uint64", "18446744073709551616", "is out of range for uint64"),
        arguments("f_uint64", "-0", "is out of range for uint64"),
        arguments("f_fixed64", "1.0", "is not a decimal integer (uint64)"),
        arguments("f_double", "abc", "\"abc\" is not a number (double)"),
        arguments("f_double", "", "is not a number"),
        arguments("f_double", "1e400", "\"1e400\" is out of range for double"),
        arguments("f_double", "0x1p3", "is not a number"),
        arguments("f_double", "1.5d", "is not a number"),
        arguments("f_double", "nan", "is not a number"),
        arguments("f_double", "infinity", "is not a number"),
        arguments("f_double", "+1", "is not a number"),
        arguments("f_float", "3.5e38", "\"3.5e38\" is out of range for float"),
        arguments("f_float", "-1e39", "is out of range for float"),
        arguments("f_bool", "yes", "\"yes\" is not a bool: expected true, false, 1 or 0"),
        arguments("f_bool", "", "is not a bool"),
        arguments("f_bool", "2", "is not a bool"),
        arguments("f_bytes", "a", "\"a\" is not base64"),
        arguments("f_bytes", "a$b=", "is not base64"),
        arguments("f_bytes", "YQ==YQ==", "is not base64"),
        arguments("f_enum", "PURPLE", "\"PURPLE\" is not a value of enum rosetta.test.bind.v1.Color"),
        arguments("f_enum", "green", "is not a value of enum rosetta.test.bind.v1.Color (expected one of "
            + "COLOR_UNSPECIFIED, RED, GREEN, BLUE or a number)"),
        arguments("f_enum", "1.0", "is not a value of enum"),
        arguments("f_enum", "4294967296", "is not a value of enum"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void invalidTextIsRejectedNamingTheParameterAndTheValue(String field, String text, String problem) {
    String error = bindError(STRICT, match(route(EVERYTHING, "")), field + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8), null);

    assertThat(error).startsWith("invalid query parameter \"" + field + "\": ").contains(problem);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void invalidPathTextIsRejectedNamingTheVariableAndTheValue(String field, String text, String problem) {
    String error = bindError(STRICT, match(route(EVERYTHING, "", field), text), null, null);

    assertThat(error).startsWith("invalid path variable \"" + field + "\": ").contains(problem);
  }

  @Test
  void aLongBadValueIsCutShortInTheMessage() {
    String error = bindError(STRICT, match(route(EVERYTHING, "")), "f_int32=" + "9".repeat(500), null);

    assertThat(error).hasSizeLessThan(200).contains("9999...\"");
  }

  @Test
  void enumValuesInAPathVariableAreDeclaredNamesOrNumbers() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "", "nested.inner.color"), "BLUE"), null, null));

    assertThat(message.getNested().getInner().getColor()).isEqualTo(Color.BLUE);
  }

  static Object bytes(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
