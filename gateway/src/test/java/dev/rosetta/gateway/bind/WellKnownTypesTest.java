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

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.rosetta.test.bind.v1.AllTypes;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Well-known types set from their proto3 JSON text forms. */
class WellKnownTypesTest {

  static Stream<Arguments> validValues() {
    return Stream.of(
        arguments("timestamp", "1972-01-01T10:00:20.021Z", Timestamp.newBuilder().setSeconds(63108020).setNanos(21000000).build()),
        arguments("timestamp", "1970-01-01T00:00:00Z", Timestamp.getDefaultInstance()),
        arguments("timestamp", "1970-01-01T01:00:00%2B01:00", Timestamp.getDefaultInstance()),
        arguments("timestamp", "2024-02-29T23:59:59.123456789Z", Timestamp.newBuilder().setSeconds(1709251199).setNanos(123456789).build()),
        arguments("timestamp", "1969-12-31T23:59:59.5Z", Timestamp.newBuilder().setSeconds(-1).setNanos(500000000).build()),
        arguments("duration", "1.5s", Duration.newBuilder().setSeconds(1).setNanos(500000000).build()),
        arguments("duration", "-0.25s", Duration.newBuilder().setNanos(-250000000).build()),
        arguments("duration", "0s", Duration.getDefaultInstance()),
        arguments("duration", "3600s", Duration.newBuilder().setSeconds(3600).build()),
        arguments("mask", "displayName,author.homeAddress", FieldMask.newBuilder().addPaths("display_name").addPaths("author.home_address").build()),
        arguments("mask", "title", FieldMask.newBuilder().addPaths("title").build()),
        arguments("mask", "", FieldMask.getDefaultInstance()),
        arguments("w_double", "2.5", DoubleValue.of(2.5)),
        arguments("w_float", "-Infinity", FloatValue.of(Float.NEGATIVE_INFINITY)),
        arguments("w_int64", "-9223372036854775808", Int64Value.of(Long.MIN_VALUE)),
        arguments("w_uint64", "18446744073709551615", UInt64Value.of(-1L)),
        arguments("w_int32", "-5", Int32Value.of(-5)),
        arguments("w_uint32", "4294967295", UInt32Value.of(-1)),
        arguments("w_bool", "true", BoolValue.of(true)),
        arguments("w_string", "héllo", StringValue.of("héllo")),
        arguments("w_bytes", "aGk", BytesValue.of(ByteString.copyFromUtf8("hi"))));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void textFormsBecomeTheMessage(String field, String text, Message expected) throws Exception {
    AllTypes message = query(field + "=" + text);

    assertThat(message.hasField(AllTypes.getDescriptor().findFieldByName(field))).isTrue();
    assertThat(message.getField(AllTypes.getDescriptor().findFieldByName(field))).isEqualTo(expected);
  }

  static Stream<Arguments> defaultWrappedValues() {
    return Stream.of(
        arguments("w_double", "0"), arguments("w_float", "0"), arguments("w_int64", "0"),
        arguments("w_uint64", "0"), arguments("w_int32", "0"), arguments("w_uint32", "0"),
        arguments("w_bool", "false"), arguments("w_string", ""), arguments("w_bytes", ""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("defaultWrappedValues")
  void aWrapperHoldingTheDefaultValueIsStillPresent(String field, String text) throws Exception {
    AllTypes message = query(field + "=" + text);

    assertThat(message.hasField(AllTypes.getDescriptor().findFieldByName(field))).isTrue();
  }

  @Test
  void aPathVariableSetsANestedWellKnownType() throws Exception {
    AllTypes message = allTypes(bind(STRICT, match(route(EVERYTHING, "", "timestamp"), "2024-05-01T12:30:00Z"), null, null));

    assertThat(message.getTimestamp().getSeconds()).isEqualTo(1714566600L);
  }

  @Test
  void repeatedTimestampsAppendOnePerParameter() throws Exception {
    AllTypes message = query("r_timestamp=1970-01-01T00:00:01Z&r_timestamp=1970-01-01T00:00:02Z");

    assertThat(message.getRTimestampList()).extracting(Timestamp::getSeconds).containsExactly(1L, 2L);
  }

  @Test
  void theFieldsOfAWellKnownTypeCanAlsoBeSetOneByOne() throws Exception {
    AllTypes message = query("duration.seconds=5&duration.nanos=7");

    assertThat(message.getDuration()).isEqualTo(Duration.newBuilder().setSeconds(5).setNanos(7).build());
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        arguments("timestamp", "yesterday", "\"yesterday\" is not an RFC 3339 timestamp"),
        arguments("timestamp", "2024-05-01", "is not an RFC 3339 timestamp"),
        arguments("timestamp", "2024-13-01T00:00:00Z", "is not an RFC 3339 timestamp"),
        arguments("timestamp", "2024-02-30T00:00:00Z", "is not an RFC 3339 timestamp"),
        arguments("timestamp", "2024-01-01T24:00:00Z", "is not an RFC 3339 timestamp"),
        arguments("timestamp", "2024-01-01T00:00Z", "is not an RFC 3339 timestamp"),
        arguments("timestamp", "10000-01-01T00:00:00Z", "is not an RFC 3339 timestamp"),
        arguments("duration", "5m", "\"5m\" is not a duration"),
        arguments("duration", "1.5", "is not a duration"),
        arguments("duration", "", "is not a duration"),
        arguments("w_int32", "1.5", "\"1.5\" is not a decimal integer (int32)"),
        arguments("w_bool", "maybe", "\"maybe\" is not a bool"),
        arguments("w_uint32", "-1", "is out of range for uint32"),
        arguments("w_bytes", "@", "is not base64"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void invalidTextFormsAreRejected(String field, String text, String problem) {
    String error = bindError(STRICT, match(route(EVERYTHING, "")), field + "=" + text, null);

    assertThat(error).startsWith("invalid query parameter \"" + field + "\": ").contains(problem);
  }

  @Test
  void aStructCannotBeSetFromText() {
    String error = bindError(STRICT, match(route(EVERYTHING, "")), "struct=x", null);

    assertThat(error).contains("names the message field struct (google.protobuf.Struct); set its fields one by one");
  }
}
