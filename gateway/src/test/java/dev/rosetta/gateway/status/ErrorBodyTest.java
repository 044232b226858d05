package dev.rosetta.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ErrorDetailsProto;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
  private final ErrorBody body = new ErrorBody(JsonFormat.TypeRegistry.newBuilder()
      .add(ErrorDetailsProto.getDescriptor().getMessageTypes()).build());

  private String write(Status status, Metadata trailers) {
    ByteBuf out = Unpooled.buffer();
    try {
      body.write(status, trailers, out);
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  @Test
  void messageIsEscapedAsJson() {
    assertThat(write(Status.NOT_FOUND.withDescription("a \"b\"\n\u0001\\"), new Metadata()))
        .isEqualTo("{\"code\":5,\"message\":\"a \\\"b\\\"\\n\\u0001\\\\\",\"details\":[]}");
  }

  @Test
  void missingDescriptionIsAnEmptyMessage() {
    assertThat(write(Status.INTERNAL, null)).isEqualTo("{\"code\":13,\"message\":\"\",\"details\":[]}");
  }

  @Test
  void detailsFromTheTrailerPrintWithTheirType() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorBody.STATUS_DETAILS_KEY, com.google.rpc.Status.newBuilder().setCode(9)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("R").build())).build().toByteArray());
    assertThat(write(Status.FAILED_PRECONDITION.withDescription("m"), trailers)).isEqualTo(
        "{\"code\":9,\"message\":\"m\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"R\"}]}");
  }

  @Test
  void theMessageOfTheDetailsStatusWinsAsEnvoyHasIt() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorBody.STATUS_DETAILS_KEY, com.google.rpc.Status.newBuilder().setCode(3)
        .setMessage("title must not be empty").build().toByteArray());
    assertThat(write(Status.INVALID_ARGUMENT.withDescription("bad request"), trailers))
        .isEqualTo("{\"code\":3,\"message\":\"title must not be empty\",\"details\":[]}");
  }

  @Test
  void corruptDetailsTrailerStillGivesTheStatus() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorBody.STATUS_DETAILS_KEY, new byte[] {(byte) 0xff, 0x01});
    assertThat(write(Status.ABORTED.withDescription("x"), trailers)).isEqualTo("{\"code\":10,\"message\":\"x\",\"details\":[]}");
  }

  @Test
  void gatewayErrorsUseTheSameShape() {
    ByteBuf out = Unpooled.buffer();
    body.write(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED, "too big", "body_too_large"), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"code\":8,\"message\":\"too big\",\"details\":[]}");
    out.release();
  }
}
