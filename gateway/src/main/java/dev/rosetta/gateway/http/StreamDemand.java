package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;

/**
 * The backpressure of a streamed response, one rule for every framing: after a message is
 * written, the next is asked of the backend only while the connection is writable (below Netty's
 * write-buffer high-water mark, or within the HTTP/2 stream's window); otherwise the ask waits for
 * the connection to turn writable. What a stream holds is then bounded by the write buffer, one
 * message and the gRPC flow-control window. Event-loop confined.
 */
final class StreamDemand {
  private final ExchangeConnection conn;
  private boolean pending;

  StreamDemand(ExchangeConnection conn) {
    this.conn = conn;
  }

  /** A message was written: ask for the next now, or once the connection is writable. */
  void written(BackendCall call) {
    if (conn.isWritable()) {
      call.request(1);
    } else {
      pending = true;
    }
  }

  /** The connection's writability changed: ask for the message that waits for it, if any. */
  void writabilityChanged(BackendCall call) {
    if (pending && conn.isWritable()) {
      pending = false;
      call.request(1);
    }
  }
}
