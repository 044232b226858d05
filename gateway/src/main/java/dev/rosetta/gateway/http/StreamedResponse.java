package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The response side of a server-streaming call, written through the connection as the backend's
 * messages come: in a REST {@link StreamFormat} ({@link ResponseStream}) or an RPC protocol's
 * envelopes ({@link RpcResponseStream}). Event-loop confined.
 */
interface StreamedResponse {
  /** The call is under way. */
  void attach(BackendCall call);

  void onHeaders(Metadata headers);

  void onMessage(byte[] message);

  void onClose(Status status, Metadata trailers);

  void writabilityChanged();

  /**
   * The gateway ends the stream with {@code error}: cancels the call, and answers with the error
   * before the head is written, or writes it into the stream after.
   */
  void fail(GatewayError error);

  /** The client went away: stop the backend (it sees CANCELLED). */
  void abort();
}
