package dev.rosetta.examples.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Reads a failed call's rich status (google.rpc.Status and its details) for assertions. */
final class Failures {
  private Failures() {}

  /** The status of a call that must fail with {@code code}. */
  static Status failure(Code code, ThrowingCallable call) {
    StatusRuntimeException thrown = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(thrown).as("the call should fail with %s", code).isNotNull();
    Status status = StatusProto.fromThrowable(thrown);
    assertThat(status).as("a google.rpc.Status in grpc-status-details-bin").isNotNull();
    assertThat(Code.forNumber(status.getCode())).isEqualTo(code);
    return status;
  }

  static <T extends Message> T detail(Status status, Class<T> type) {
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + status.getDetailsList());
  }

  /** The fields named by the BadRequest detail of an INVALID_ARGUMENT failure. */
  static List<String> badFields(ThrowingCallable call) {
    return detail(failure(Code.INVALID_ARGUMENT, call), BadRequest.class)
        .getFieldViolationsList().stream()
        .map(BadRequest.FieldViolation::getField)
        .toList();
  }
}
