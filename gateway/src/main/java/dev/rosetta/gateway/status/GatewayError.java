package dev.rosetta.gateway.status;

import io.grpc.Status;

/**
 * An error the gateway answers itself, before or instead of a backend call: a gRPC code for the
 * body, the HTTP status to send, a message for the client and a short reason tag for the log
 * and metrics ({@code no_route}, {@code bad_request}, ...).
 */
public record GatewayError(int httpStatus, Status.Code code, String message, String reason) {

  /** An error whose HTTP status is the standard one for {@code code}. */
  public static GatewayError of(Status.Code code, String message, String reason) {
    return new GatewayError(HttpStatusMapping.httpStatus(code), code, message, reason);
  }
}
