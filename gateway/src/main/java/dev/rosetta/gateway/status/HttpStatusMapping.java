package dev.rosetta.gateway.status;

import io.grpc.Status;

/**
 * The one gRPC → HTTP status table. It follows google.rpc.Code's documented HTTP mapping (the
 * same table grpc-gateway and Envoy use); the surprising rows say why.
 */
public final class HttpStatusMapping {
  private static final int[] HTTP_BY_CODE = new int[17];

  static {
    HTTP_BY_CODE[Status.Code.OK.value()] = 200;
    // 499 is nginx's "client closed request": the client, not the server, gave up.
    HTTP_BY_CODE[Status.Code.CANCELLED.value()] = 499;
    HTTP_BY_CODE[Status.Code.UNKNOWN.value()] = 500;
    HTTP_BY_CODE[Status.Code.INVALID_ARGUMENT.value()] = 400;
    HTTP_BY_CODE[Status.Code.DEADLINE_EXCEEDED.value()] = 504;
    HTTP_BY_CODE[Status.Code.NOT_FOUND.value()] = 404;
    HTTP_BY_CODE[Status.Code.ALREADY_EXISTS.value()] = 409;
    HTTP_BY_CODE[Status.Code.PERMISSION_DENIED.value()] = 403;
    HTTP_BY_CODE[Status.Code.UNAUTHENTICATED.value()] = 401;
    HTTP_BY_CODE[Status.Code.RESOURCE_EXHAUSTED.value()] = 429;
    // Not 412: HTTP preconditions are about conditional headers, gRPC's about system state.
    HTTP_BY_CODE[Status.Code.FAILED_PRECONDITION.value()] = 400;
    HTTP_BY_CODE[Status.Code.ABORTED.value()] = 409;
    HTTP_BY_CODE[Status.Code.OUT_OF_RANGE.value()] = 400;
    HTTP_BY_CODE[Status.Code.UNIMPLEMENTED.value()] = 501;
    HTTP_BY_CODE[Status.Code.INTERNAL.value()] = 500;
    HTTP_BY_CODE[Status.Code.UNAVAILABLE.value()] = 503;
    HTTP_BY_CODE[Status.Code.DATA_LOSS.value()] = 500;
  }

  private HttpStatusMapping() {}

  /** The HTTP status for a gRPC status code. */
  public static int httpStatus(Status.Code code) {
    return HTTP_BY_CODE[code.value()];
  }
}
