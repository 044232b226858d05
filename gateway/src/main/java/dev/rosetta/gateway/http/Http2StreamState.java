package dev.rosetta.gateway.http;

import java.util.ArrayDeque;

/**
 * What the connection keeps of one HTTP/2 stream (RFC 9113 section 5.1): which sides have ended
 * it, both flow-control windows, the response frames waiting for the client's window, and the
 * request's declared {@code content-length}. The stream's exchange side is its
 * {@link Http2StreamConnection}. Fields only: {@link Http2Streams} (the states and what is
 * received) and {@link Http2SendFlow} (what is sent) keep them; on the connection's event loop.
 *
 * <p>A stream is open from its first HEADERS until both sides have ended it or either reset it;
 * then it leaves the connection's table, and a frame for it is answered as for any closed stream.
 */
final class Http2StreamState {
  final int id;
  /** The client sent END_STREAM: half closed (remote). */
  boolean remoteEnded;
  /** The gateway's END_STREAM left for the client: half closed (local). */
  boolean localEnded;
  /** Out of the connection's table (both ends, or a reset): nothing more is sent or taken. */
  boolean closed;

  /** What the client may still send on the stream before the gateway opens its window again. */
  int receiveWindow;
  /** Bytes received and not yet taken by the exchange: given back to the connection's window if it closes first. */
  int unconsumed;
  /** Bytes taken by the exchange and not yet given back in a WINDOW_UPDATE. */
  int receiveUnacknowledged;
  /** What the gateway may still send before the client opens the window; negative after a SETTINGS shrank it. */
  int sendWindow;
  /** Response frames waiting for the window, in order (null until a frame first has to wait). */
  ArrayDeque<Http2SendFlow.Pending> pending;
  /** The DATA bytes in {@link #pending}. */
  int pendingBytes;
  /** What {@link Http2SendFlow#isWritable} last told the stream, so that only a change is told. */
  boolean toldWritable = true;
  /** Waits in the send flow's queue of streams for the connection's window. */
  boolean queued;

  /** The request's content-length, or -1 without one; DATA must add up to it (RFC 9113 section 8.1.1). */
  long declaredLength = -1;
  long receivedLength;

  /** The exchange side; null for a stream refused or answered without one. */
  Http2StreamConnection exchange;

  Http2StreamState(int id, int receiveWindow, int sendWindow) {
    this.id = id;
    this.receiveWindow = receiveWindow;
    this.sendWindow = sendWindow;
  }

  boolean hasPending() {
    return pending != null && !pending.isEmpty();
  }
}
