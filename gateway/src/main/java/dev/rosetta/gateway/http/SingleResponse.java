package dev.rosetta.gateway.http;

import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The one response of a call whose response side is not streamed (unary and client streaming):
 * collects the backend's headers and message, then answers through the connection with the
 * message ({@link ResponsePrinter#ok}) or the status as a JSON error. A call that closes OK with no
 * message, or with more than one, is answered 500. Event-loop confined.
 */
final class SingleResponse {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  /** For messages: "a unary call", "a client-streaming call". */
  private final String callKind;
  private Metadata headers;
  private byte[] response;
  private boolean extra;

  SingleResponse(RoutedRequest routed, ExchangeConnection conn, String callKind) {
    this.routed = routed;
    this.conn = conn;
    this.callKind = callKind;
  }

  void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  void onMessage(byte[] message) {
    extra |= response != null;
    response = message;
  }

  /** The call closed: answers the client. */
  void complete(Status status, Metadata trailers) {
    conn.backendClosed(status.getCode());
    status = ResponsePrinter.backendStatus(routed, status);
    String reason = null;
    if (status.isOk() && (response == null || extra)) {
      status = Status.INTERNAL.withDescription(response == null
          ? "backend closed the call without a response" : "backend sent more than one response to " + callKind);
      reason = Reasons.BACKEND_RESPONSE_COUNT;
    }
    if (!status.isOk()) {
      FullHttpResponse error = ResponsePrinter.error(routed, conn.alloc(), status, headers, trailers);
      ExchangeLog.outcome(routed.request(), error.status().code(), status.getCode(), reason, status.getDescription());
      conn.respond(error, status.getCode(), reason);
      return;
    }
    FullHttpResponse ok;
    try {
      ok = ResponsePrinter.ok(routed, conn.alloc(), response, headers, trailers);
    } catch (ExchangeException e) {
      conn.fail(e.error());
      return;
    }
    conn.respond(ok, Status.Code.OK, null);
  }
}
