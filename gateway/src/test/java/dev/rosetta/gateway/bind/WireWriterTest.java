package dev.rosetta.gateway.bind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.test.bind.v1.AllTypes;
import dev.rosetta.test.bind.v1.Nested;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written encoder agrees with protobuf-java's. */
class WireWriterTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, -1, Long.MIN_VALUE, Long.MAX_VALUE})
  void varintsMatchCodedOutputStream(long value) throws Exception {
    WireWriter writer = new WireWriter(1);
    writer.writeTag(536_870_911, 0); // the largest field number: a 5-byte tag
    writer.writeVarint(value);
    writer.writeFixed32((int) value);
    writer.writeFixed64(value);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(expected);
    out.writeUInt64(536_870_911, value);
    out.writeFixed32NoTag((int) value);
    out.writeFixed64NoTag(value);
    out.flush();
    assertThat(writer.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(WireWriter.varintSize(value)).isEqualTo(CodedOutputStream.computeUInt64SizeNoTag(value));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 120, 127, 128, 200, 16_384, 100_000})
  // From 1: an empty string is written explicitly by binding, but omitted by the generated encoder.
  void nestedLengthsAreRightAtEverySize(int length) throws Exception {
    FieldDescriptor nested = AllTypes.getDescriptor().findFieldByName("nested");
    FieldDescriptor inner = Nested.getDescriptor().findFieldByName("inner");
    String name = "n".repeat(length);
    byte[] leaf = ValueEncoder.encode(Nested.Inner.getDescriptor().findFieldByName("display_name"), name, false);

    WireWriter writer = new WireWriter(0);
    writer.writeNested(List.of(nested, inner), leaf);

    AllTypes expected = AllTypes.newBuilder()
        .setNested(Nested.newBuilder().setInner(Nested.Inner.newBuilder().setDisplayName(name))).build();
    assertThat(writer.toByteArray()).isEqualTo(expected.toByteArray());
  }
}
