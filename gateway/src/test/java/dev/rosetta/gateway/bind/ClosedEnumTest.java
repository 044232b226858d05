package dev.rosetta.gateway.bind;

import static dev.rosetta.gateway.bind.BindFixture.CODEC;
import static dev.rosetta.gateway.bind.BindFixture.bind;
import static dev.rosetta.gateway.bind.BindFixture.bindError;
import static dev.rosetta.gateway.bind.BindFixture.match;
import static dev.rosetta.gateway.bind.BindFixture.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import org.junit.jupiter.api.Test;

/**
 * Closed (proto2) enums take only declared numbers. A proto3 file cannot use one, so the proto2
 * file is built here: {@code enum Level { LOW = 1; HIGH = 5; } message Req { optional Level level = 1; }}.
 */
class ClosedEnumTest {
  private static final MethodDescriptor CALL = build();
  private static final Descriptor REQ = CALL.getInputType();
  private static final RequestBinder BINDER = new RequestBinder(CODEC, false);

  @Test
  void aClosedEnumTakesADeclaredNameOrNumber() throws Exception {
    DynamicMessage byName = DynamicMessage.parseFrom(REQ, bind(BINDER, match(route(CALL, "")), "level=HIGH", null));
    DynamicMessage byNumber = DynamicMessage.parseFrom(REQ, bind(BINDER, match(route(CALL, "", "level"), "1"), null, null));

    assertThat(byName.getField(REQ.findFieldByName("level"))).hasToString("HIGH");
    assertThat(byNumber.getField(REQ.findFieldByName("level"))).hasToString("LOW");
    assertThat(byNumber.getUnknownFields().asMap()).isEmpty();
  }

  @Test
  void aClosedEnumRejectsAnUndeclaredNumber() {
    assertThat(bindError(BINDER, match(route(CALL, "")), "level=3", null))
        .isEqualTo("invalid query parameter \"level\": \"3\" is not a value of enum test.closed.Level (expected one of LOW, HIGH or its number)");
  }

  private static MethodDescriptor build() {
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("test/closed.proto").setPackage("test.closed").setSyntax("proto2")
        .addEnumType(EnumDescriptorProto.newBuilder().setName("Level")
            .addValue(EnumValueDescriptorProto.newBuilder().setName("LOW").setNumber(1))
            .addValue(EnumValueDescriptorProto.newBuilder().setName("HIGH").setNumber(5)))
        .addMessageType(DescriptorProto.newBuilder().setName("Req")
            .addField(FieldDescriptorProto.newBuilder().setName("level").setNumber(1)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .setType(FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(".test.closed.Level")))
        .addService(ServiceDescriptorProto.newBuilder().setName("Svc")
            .addMethod(MethodDescriptorProto.newBuilder().setName("Call")
                .setInputType(".test.closed.Req").setOutputType(".test.closed.Req")))
        .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findServiceByName("Svc").findMethodByName("Call");
    } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
      throw new AssertionError(e);
    }
  }
}
