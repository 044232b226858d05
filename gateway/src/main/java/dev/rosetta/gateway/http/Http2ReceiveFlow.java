package dev.rosetta.gateway.http;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * The receive side of HTTP/2 flow control (RFC 9113 section 5.2 and 6.9) for one connection: a
 * DATA frame counts against its stream's window and the connection's when it arrives, and its
 * bytes go back to the client only when the stream's exchange takes them ({@link #consumed}),
 * in a WINDOW_UPDATE once half a window is owed, not one per frame. So a stream's window bounds
 * what waits for a slow backend, and the connection's window what all its streams hold. A
 * client sending past a window breaks the protocol: FLOW_CONTROL_ERROR, for the stream or the
 * connection. The counterpart of {@link Http2SendFlow}; one per connection ({@link Http2Streams}),
 * on its event loop.
 */
final class Http2ReceiveFlow {
  private final Http2Codec codec;
  private final int streamWindow;
  private final int connectionWindow;
  /** What the client may still send on the connection. */
  private int connectionLeft;
  /** Bytes taken and not yet given back to the connection's window. */
  private int connectionOwed;

  Http2ReceiveFlow(Http2Codec codec, ProtocolOptions.Http2 options) {
    this.codec = codec;
    this.streamWindow = options.initialStreamWindow();
    this.connectionWindow = options.connectionWindow();
    this.connectionLeft = options.connectionWindow();
  }

  /** A new stream's window: the gateway's SETTINGS_INITIAL_WINDOW_SIZE. */
  int streamWindow() {
    return streamWindow;
  }

  /** A DATA frame's {@code bytes} (padding included), against the connection's window. */
  void connectionReceived(int bytes) throws Http2Exception {
    if (bytes > connectionLeft) {
      throw Http2Exception.connectionError(Http2Error.FLOW_CONTROL_ERROR,
          "DATA past the connection's window (%d bytes left, %d sent)", connectionLeft, bytes);
    }
    connectionLeft -= bytes;
  }

  /** The same bytes against {@code stream}'s window; they wait for the stream's exchange from here. */
  void streamReceived(Http2StreamState stream, int bytes) throws Http2Exception {
    if (bytes > stream.receiveWindow) {
      throw Http2Exception.streamError(stream.id, Http2Error.FLOW_CONTROL_ERROR,
          "DATA past stream %d's window (%d bytes left, %d sent)", stream.id, stream.receiveWindow, bytes);
    }
    stream.receiveWindow -= bytes;
    stream.unconsumed += bytes;
  }

  /**
   * Gives {@code bytes} taken from {@code stream} (null: the connection's only, for bytes no
   * stream takes) back to the client's windows. True when a WINDOW_UPDATE was written (to flush).
   */
  boolean consumed(Http2StreamState stream, int bytes) {
    boolean updated = false;
    connectionOwed += bytes;
    if (connectionOwed >= connectionWindow / 2) {
      codec.windowUpdate(0, connectionOwed);
      connectionLeft += connectionOwed;
      connectionOwed = 0;
      updated = true;
    }
    if (stream == null) {
      return updated;
    }
    stream.unconsumed -= bytes;
    if (stream.closed || stream.remoteEnded) {
      return updated; // nothing more comes on it
    }
    stream.receiveUnacknowledged += bytes;
    if (stream.receiveUnacknowledged >= streamWindow / 2) {
      codec.windowUpdate(stream.id, stream.receiveUnacknowledged);
      stream.receiveWindow += stream.receiveUnacknowledged;
      stream.receiveUnacknowledged = 0;
      updated = true;
    }
    return updated;
  }

  /** {@code stream} closed: what it received and nobody took goes back to the connection's window. */
  boolean closed(Http2StreamState stream) {
    int owed = stream.unconsumed;
    stream.unconsumed = 0;
    return owed > 0 && consumed(null, owed);
  }
}
