package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The response side of HTTP/2 flow control (RFC 9113 section 5.2 and 6.9) for one connection: a
 * stream's DATA leaves while the client's windows (the stream's and the connection's) have room,
 * and waits in the stream's queue otherwise, with the frames written after it (trailers) behind
 * it; a WINDOW_UPDATE, or a SETTINGS that grows the initial window, lets the waiting frames go,
 * the streams taking turns. A response that fits leaves at once and allocates nothing here, which
 * is every answer of a unary call under the default windows.
 *
 * <p>Writability, which a streamed response follows ({@link Http2StreamConnection#isWritable}),
 * is Netty's rule: the stream's window and the connection's both have room beyond what waits,
 * and the socket's buffer takes more. A stream hears only when its writability changes.
 *
 * <p>One per connection ({@link Http2Codec}), on its event loop. Not flushed here.
 */
final class Http2SendFlow {
  /** The window every stream and the connection start with (RFC 9113 section 6.9.2). */
  static final int DEFAULT_WINDOW = 65_535;
  private static final int MAX_WINDOW = Integer.MAX_VALUE;

  /** A response frame waiting for the window: a HEADERS ({@code headers}) or a DATA ({@code data}, what is left of it). */
  record Pending(Http2Headers headers, ByteBuf data, boolean endStream, ChannelPromise promise) {
  }

  /** What the flow needs of the connection's streams ({@link Http2Streams}). */
  interface Streams {
    /** The stream's END_STREAM is written: half closed (local). */
    void localEnded(Http2StreamState stream);

    /** Each open stream; safe against streams closing meanwhile. */
    void forEachOpen(Consumer<Http2StreamState> action);

    /** The stream's HEADERS could not be encoded (larger than the client's SETTINGS_MAX_HEADER_LIST_SIZE). */
    void headersRefused(Http2StreamState stream, Http2Exception cause);
  }

  private final Http2FrameWriter frames;
  /** The writer's own HPACK encoder (one dynamic table per connection): HEADERS are encoded here, {@link Http2HeadFrames}. */
  private final Http2HeadersEncoder headersEncoder;
  private final Streams streams;
  private final ChannelHandlerContext ctx;
  private int connectionWindow = DEFAULT_WINDOW;
  private int initialWindow = DEFAULT_WINDOW;
  /** The DATA bytes waiting on every stream. */
  private long totalPending;
  /** Streams with frames waiting, in turn. */
  private final ArrayDeque<Http2StreamState> waiting = new ArrayDeque<>(4);
  /** What the streams were last told of the connection's part of writability. */
  private boolean connectionWritable = true;

  Http2SendFlow(Http2FrameWriter frames, Http2HeadersEncoder headersEncoder, Streams streams, ChannelHandlerContext ctx) {
    this.frames = frames;
    this.headersEncoder = headersEncoder;
    this.streams = streams;
    this.ctx = ctx;
  }

  /** A new stream's window: the client's SETTINGS_INITIAL_WINDOW_SIZE. */
  int initialWindow() {
    return initialWindow;
  }

  ChannelFuture writeHeaders(Http2StreamState stream, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    if (stream.closed) {
      return promise.setFailure(closed(stream));
    }
    if (stream.hasPending()) {
      enqueue(stream, new Pending(headers, null, endStream, promise));
      return promise;
    }
    sendHeaders(stream, headers, endStream, promise);
    return promise;
  }

  /**
   * A whole response: its head, then {@code body} ending the stream. A body that fits the windows
   * and {@link Http2HeadFrames#MAX_COPIED_BODY} leaves with its head in one buffer, the common
   * unary answer; any other is written as {@link #writeHeaders} and {@link #writeData} would.
   */
  ChannelFuture writeWhole(Http2StreamState stream, Http2Headers headers, ByteBuf body, ChannelPromise promise) {
    int bytes = body.readableBytes();
    if (stream.closed || stream.hasPending() || bytes > Http2HeadFrames.MAX_COPIED_BODY
        || bytes > Math.min(stream.sendWindow, connectionWindow)) {
      writeHeaders(stream, headers, false, ctx.newPromise());
      return writeData(stream, body, true, promise);
    }
    ByteBuf frames;
    try {
      frames = Http2HeadFrames.encode(ctx.alloc(), headersEncoder, maxFrameSize(), stream.id, headers, body, true);
    } catch (Http2Exception refusal) {
      streams.headersRefused(stream, refusal);
      body.release();
      return promise.setFailure(closed(stream));
    }
    body.release(); // copied
    take(stream, bytes);
    ctx.write(frames, promise);
    ended(stream);
    return promise;
  }

  /**
   * Encodes and writes a HEADERS frame now. HPACK refuses a header list past the client's limit
   * before it touches its table, and the stream is then reset, as Netty's encoder did.
   */
  private boolean sendHeaders(Http2StreamState stream, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    ByteBuf frames;
    try {
      frames = Http2HeadFrames.encode(ctx.alloc(), headersEncoder, maxFrameSize(), stream.id, headers, null, endStream);
    } catch (Http2Exception refusal) {
      promise.setFailure(refusal);
      streams.headersRefused(stream, refusal);
      return false;
    }
    ctx.write(frames, promise);
    if (endStream) {
      ended(stream);
    }
    return true;
  }

  private int maxFrameSize() {
    return frames.configuration().frameSizePolicy().maxFrameSize();
  }

  ChannelFuture writeData(Http2StreamState stream, ByteBuf data, boolean endStream, ChannelPromise promise) {
    if (stream.closed) {
      data.release();
      return promise.setFailure(closed(stream));
    }
    if (stream.hasPending()) {
      enqueue(stream, new Pending(null, data, endStream, promise));
      return promise;
    }
    int bytes = data.readableBytes();
    int room = Math.min(stream.sendWindow, connectionWindow);
    if (bytes <= room) { // the common case: it fits
      take(stream, bytes);
      frames.writeData(ctx, stream.id, data, 0, endStream, promise);
      if (endStream) {
        ended(stream);
      } else if (stream.sendWindow <= 0 || connectionWindow <= 0) {
        tellAfterChange(stream);
      }
      return promise;
    }
    if (room > 0) {
      take(stream, room);
      frames.writeData(ctx, stream.id, data.readRetainedSlice(room), 0, false, ctx.newPromise());
    }
    enqueue(stream, new Pending(null, data, endStream, promise));
    return promise;
  }

  private void take(Http2StreamState stream, int bytes) {
    stream.sendWindow -= bytes;
    connectionWindow -= bytes;
  }

  private void enqueue(Http2StreamState stream, Pending frame) {
    if (stream.pending == null) {
      stream.pending = new ArrayDeque<>(4);
    }
    stream.pending.add(frame);
    if (frame.data() != null) {
      stream.pendingBytes += frame.data().readableBytes();
      totalPending += frame.data().readableBytes();
    }
    if (!stream.queued) {
      stream.queued = true;
      waiting.add(stream);
    }
    tellAfterChange(stream);
  }

  /** WINDOW_UPDATE from the client: on stream 0 the connection's window, else {@code stream}'s (null: a stream already over). */
  void windowUpdate(int streamId, Http2StreamState stream, int increment) throws Http2Exception {
    if (streamId == 0) {
      if ((long) connectionWindow + increment > MAX_WINDOW) {
        throw Http2Exception.connectionError(Http2Error.FLOW_CONTROL_ERROR,
            "the connection's send window would pass 2^31-1");
      }
      connectionWindow += increment;
      sendWaiting();
      tellAll();
    } else if (stream != null) {
      if ((long) stream.sendWindow + increment > MAX_WINDOW) {
        throw Http2Exception.streamError(streamId, Http2Error.FLOW_CONTROL_ERROR,
            "stream %d's send window would pass 2^31-1", streamId);
      }
      stream.sendWindow += increment;
      // Only this stream can send more; it keeps its turn in the queue if frames still wait.
      if (stream.hasPending()) {
        sendPending(stream);
      }
      tellAfterChange(stream);
    }
  }

  /** The client's SETTINGS_INITIAL_WINDOW_SIZE: every open stream's window moves by the change (RFC 9113 section 6.9.2). */
  void initialWindow(int size) throws Http2Exception {
    int delta = size - initialWindow;
    initialWindow = size;
    if (delta == 0) {
      return;
    }
    Http2Exception[] overflow = new Http2Exception[1];
    streams.forEachOpen(stream -> {
      if ((long) stream.sendWindow + delta > MAX_WINDOW) {
        overflow[0] = Http2Exception.connectionError(Http2Error.FLOW_CONTROL_ERROR,
            "SETTINGS_INITIAL_WINDOW_SIZE would take stream %d's window past 2^31-1", stream.id);
      } else {
        stream.sendWindow += delta;
      }
    });
    if (overflow[0] != null) {
      throw overflow[0];
    }
    sendWaiting();
    tellAll();
  }

  /** The socket's buffer filled or drained. */
  void channelWritabilityChanged() {
    tellAll();
  }

  /** Writes what the windows now let go, each waiting stream in turn. */
  private void sendWaiting() {
    for (int turns = waiting.size(); turns > 0; turns--) {
      Http2StreamState stream = waiting.poll();
      stream.queued = false;
      if (stream.closed) {
        continue;
      }
      sendPending(stream);
      if (stream.hasPending()) {
        stream.queued = true;
        waiting.add(stream);
      }
    }
  }

  private void sendPending(Http2StreamState stream) {
    for (Pending frame; (frame = stream.pending.peek()) != null; ) {
      if (frame.headers() != null) {
        stream.pending.poll();
        if (!sendHeaders(stream, frame.headers(), frame.endStream(), frame.promise()) || frame.endStream()) {
          return;
        }
        continue;
      }
      int bytes = frame.data().readableBytes();
      int room = Math.min(stream.sendWindow, connectionWindow);
      if (bytes > room) {
        if (room > 0) {
          take(stream, room);
          stream.pendingBytes -= room;
          totalPending -= room;
          frames.writeData(ctx, stream.id, frame.data().readRetainedSlice(room), 0, false, ctx.newPromise());
        }
        return;
      }
      stream.pending.poll();
      take(stream, bytes);
      stream.pendingBytes -= bytes;
      totalPending -= bytes;
      frames.writeData(ctx, stream.id, frame.data(), 0, frame.endStream(), frame.promise());
      if (frame.endStream()) {
        ended(stream);
        return;
      }
    }
  }

  /** The stream's END_STREAM is written: half closed (local). */
  private void ended(Http2StreamState stream) {
    stream.localEnded = true;
    streams.localEnded(stream);
  }

  /** The stream is over (reset, or its connection closed): what waits for it goes, its writes failed. */
  void release(Http2StreamState stream) {
    if (stream.pending == null) {
      return;
    }
    Throwable failure = closed(stream);
    for (Pending frame; (frame = stream.pending.poll()) != null; ) {
      if (frame.data() != null) {
        frame.data().release();
      }
      frame.promise().tryFailure(failure);
    }
    totalPending -= stream.pendingBytes;
    stream.pendingBytes = 0;
  }

  /** Whether {@code stream}'s response may write more without waiting: Netty's rule (see the class comment). */
  boolean isWritable(Http2StreamState stream) {
    return !stream.closed && stream.sendWindow - stream.pendingBytes > 0 && connectionWritable();
  }

  private boolean connectionWritable() {
    return connectionWindow - totalPending > 0 && ctx.channel().isWritable();
  }

  /** After {@code stream}'s window or queue changed: the connection's part may have changed too. */
  private void tellAfterChange(Http2StreamState stream) {
    if (connectionWritable() != connectionWritable) {
      tellAll();
    } else {
      tell(stream);
    }
  }

  /** Tells every stream whose writability changed. */
  private void tellAll() {
    connectionWritable = connectionWritable();
    streams.forEachOpen(this::tell);
  }

  private void tell(Http2StreamState stream) {
    boolean writable = isWritable(stream);
    if (writable != stream.toldWritable) {
      stream.toldWritable = writable;
      if (stream.exchange != null) {
        stream.exchange.writabilityChanged();
      }
    }
  }

  private static ClosedChannelException closed(Http2StreamState stream) {
    return new ClosedStreamException(stream.id);
  }

  /** A write for a stream that is already over. */
  static final class ClosedStreamException extends ClosedChannelException {
    private final int id;

    ClosedStreamException(int id) {
      this.id = id;
    }

    @Override
    public String getMessage() {
      return "stream " + id + " is closed";
    }
  }
}
