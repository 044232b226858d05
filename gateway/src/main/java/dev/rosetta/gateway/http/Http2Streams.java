package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The streams of one HTTP/2 connection: their states (RFC 9113 section 5.1) and what the client
 * may send on each (section 8.1: the head, DATA within the windows and the declared
 * {@code content-length}, trailers that end the stream).
 * Each stream's first HEADERS makes an {@link Http2StreamConnection}, which gets the stream's
 * frames from then on. What breaks these rules is thrown as Netty's {@link Http2Exception}, a
 * stream error or a connection error, for the {@link Http2Codec} to answer (RST_STREAM or GOAWAY).
 *
 * <p>Netty's frame reader has already checked each frame on its own (sizes, stream 0 or not,
 * padding, CONTINUATION) and HPACK the header fields (names, pseudo-header fields,
 * connection-specific fields, the list size); what is checked here is what needs the
 * connection's memory of its streams. A stream costs one {@link Http2StreamState}, one
 * {@link Http2StreamConnection} and one map entry.
 *
 * <p>The request rules are {@link Http2RequestRules}', the receive windows
 * {@link Http2ReceiveFlow}'s, the send windows {@link Http2SendFlow}'s.
 *
 * <p>One per connection, on its event loop; what the streams share (the dispatcher, limits,
 * observer) comes from {@link Http2Initializer}.
 */
final class Http2Streams implements Http2SendFlow.Streams {
  /** The stream of the request that asked for {@code Upgrade: h2c} (RFC 7540 section 3.2). */
  static final int UPGRADE_STREAM = Http2CodecUtil.HTTP_UPGRADE_STREAM_ID;
  private final Http2Initializer shared;
  private final Http2Codec codec;
  private final IntObjectMap<Http2StreamState> open = new IntObjectHashMap<>(8);
  private final int maxConcurrent;
  private final Http2ReceiveFlow receive;
  private Http2SendFlow flow;
  private ChannelHandlerContext ctx;
  /** The highest stream id the client has used: lower ones that are not open are closed, higher ones idle. */
  private int lastStreamId;
  /** Streams above this one came after the gateway's GOAWAY and are ignored (RFC 9113 section 6.8). */
  private int lastAccepted = Integer.MAX_VALUE;
  /**
   * The streams the gateway reset lately, a ring: what the client sent on them before it saw the
   * reset is dropped without an answer (RFC 9113 section 5.1, "closed"). Answering each such
   * DATA frame with a reset, as Netty does, made a large upload reset mid-body trip the limit on
   * the gateway's own resets.
   */
  private final int[] resetLately;
  private int resetNext;
  /** Inside a read of the connection: its end flushes, so a stream need not. */
  private boolean reading;
  /** Streams to tell when the current read is over ({@link Http2StreamConnection#readComplete}); made on first use. */
  private List<Http2StreamConnection> toTell;
  /** The request of an {@code Upgrade: h2c}, or null. */
  private H2cUpgradedRequest upgrade;
  /** Told when the last open stream closes ({@link Http2ConnectionLifecycle}). */
  private Runnable whenIdle = () -> { };

  Http2Streams(Http2Initializer shared, Http2Codec codec) {
    this.shared = shared;
    this.codec = codec;
    ProtocolOptions.Http2 options = shared.options().protocols().http2();
    this.maxConcurrent = options.maxConcurrentStreams();
    this.receive = new Http2ReceiveFlow(codec, options);
    this.resetLately = new int[Math.max(16, Math.min(options.maxConcurrentStreams(), 1024))];
  }

  /** The codec is in its pipeline, with its send flow. */
  void bind(ChannelHandlerContext ctx, Http2SendFlow flow) {
    this.ctx = ctx;
    this.flow = flow;
  }

  void whenIdle(Runnable action) {
    this.whenIdle = action;
  }

  int openStreams() {
    return open.size();
  }

  /** The highest stream id the client has used: what a GOAWAY names. */
  int lastStreamId() {
    return lastStreamId;
  }

  /**
   * Stream {@code id}, whose head could not be read (a header list over the limit), opened half
   * closed (remote) for an answer of the codec's own, with no exchange: it closes like any other.
   */
  Http2StreamState openForAnswer(int id) {
    lastStreamId = Math.max(lastStreamId, id);
    Http2StreamState stream = new Http2StreamState(id, 0, flow.initialWindow());
    stream.remoteEnded = true;
    open.put(id, stream);
    return stream;
  }

  /** The gateway sent GOAWAY naming {@code last}: streams the client opens after it are ignored. */
  void goAwaySent(int last) {
    lastAccepted = Math.min(lastAccepted, last);
  }

  Http2StreamState stream(int id) {
    return open.get(id);
  }

  @Override
  public void forEachOpen(Consumer<Http2StreamState> action) {
    if (open.isEmpty()) {
      return;
    }
    for (Http2StreamState stream : open.values().toArray(new Http2StreamState[0])) {
      if (!stream.closed) {
        action.accept(stream);
      }
    }
  }

  void onHeaders(int id, Http2Headers headers, boolean endOfStream) throws Http2Exception {
    reading = true;
    Http2StreamState stream = open.get(id);
    if (stream != null) {
      onTrailers(stream, headers, endOfStream);
      return;
    }
    if (id <= lastStreamId) {
      if (resetLately(id)) {
        return; // trailers sent before the client saw the reset (HPACK has read them: its table stays right)
      }
      // RFC 9113 section 5.1.1: a new stream's id must be greater than every one the client used.
      throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR,
          "HEADERS for stream %d, not above stream %d (RFC 9113 section 5.1.1)", id, lastStreamId);
    }
    if ((id & 1) == 0) {
      throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "a client's stream id must be odd, not %d", id);
    }
    lastStreamId = id;
    if (id > lastAccepted) {
      return; // after the gateway's GOAWAY: never processed, the client may retry it elsewhere
    }
    if (open.size() >= maxConcurrent) {
      throw Http2Exception.streamError(id, Http2Error.REFUSED_STREAM,
          "more than %d streams at once (SETTINGS_MAX_CONCURRENT_STREAMS)", maxConcurrent);
    }
    long declared = Http2RequestRules.head(id, headers, endOfStream);
    stream = new Http2StreamState(id, receive.streamWindow(), flow.initialWindow());
    stream.declaredLength = declared;
    stream.remoteEnded = endOfStream;
    open.put(id, stream);
    stream.exchange = new Http2StreamConnection(this, shared, ctx, stream, true);
    stream.exchange.onHead(headers, endOfStream);
  }

  /** A second HEADERS: the trailers, which must end the stream and carry no pseudo-header field. */
  private void onTrailers(Http2StreamState stream, Http2Headers headers, boolean endOfStream) throws Http2Exception {
    int id = stream.id;
    if (stream.remoteEnded) {
      throw Http2Exception.streamError(id, Http2Error.STREAM_CLOSED, "HEADERS after END_STREAM on stream %d", id);
    }
    Http2RequestRules.trailers(stream, headers, endOfStream);
    stream.remoteEnded = true;
    stream.exchange.onTrailers(headers);
    remoteEnded(stream);
  }

  void onData(int id, ByteBuf data, int padding, boolean endOfStream) throws Http2Exception {
    reading = true;
    int flowed = data.readableBytes() + padding;
    receive.connectionReceived(flowed);
    Http2StreamState stream = open.get(id);
    if (stream == null || stream.remoteEnded) {
      consumed(null, flowed); // nobody takes it: back to the connection's window at once
      if (id > lastStreamId) {
        throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "DATA on stream %d, which is idle", id);
      }
      if (id > lastAccepted || stream == null && resetLately(id)) {
        return; // after the gateway's GOAWAY, or sent before the client saw the gateway's reset
      }
      throw Http2Exception.streamError(id, Http2Error.STREAM_CLOSED, "DATA on stream %d, which is closed", id);
    }
    try {
      stream.receivedLength += data.readableBytes();
      Http2RequestRules.length(stream, endOfStream);
      receive.streamReceived(stream, flowed);
    } catch (Http2Exception e) {
      consumed(null, flowed); // the stream is reset: nothing will take these bytes
      throw e;
    }
    if (padding > 0) {
      consumed(stream, padding);
    }
    stream.remoteEnded = endOfStream;
    stream.exchange.onData(data.retain(), endOfStream);
    if (endOfStream) {
      remoteEnded(stream);
    }
  }

  void onReset(int id) throws Http2Exception {
    Http2StreamState stream = open.get(id);
    if (stream == null) {
      if (id > lastStreamId) {
        throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "RST_STREAM on stream %d, which is idle", id);
      }
      return; // closed already: ignored (RFC 9113 section 5.1)
    }
    close(stream);
  }

  void onWindowUpdate(int id, int increment) throws Http2Exception {
    if (id == 0) {
      flow.windowUpdate(0, null, increment);
      return;
    }
    Http2StreamState stream = open.get(id);
    if (stream == null && id > lastStreamId) {
      throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "WINDOW_UPDATE on stream %d, which is idle", id);
    }
    flow.windowUpdate(id, stream, increment);
  }

  /**
   * Gives {@code bytes} taken from {@code stream} (null: the connection's only) back to the
   * client's windows: a WINDOW_UPDATE goes once half a window is owed, not for every frame.
   */
  void consumed(Http2StreamState stream, int bytes) {
    if (receive.consumed(stream, bytes)) {
      flushSoon();
    }
  }


  private boolean resetLately(int id) {
    for (int reset : resetLately) {
      if (reset == id) {
        return true;
      }
    }
    return false;
  }

  /** The gateway's END_STREAM for {@code stream} is written ({@link Http2SendFlow}). */
  @Override
  public void localEnded(Http2StreamState stream) {
    if (stream.remoteEnded) {
      close(stream);
    }
  }

  @Override
  public void headersRefused(Http2StreamState stream, Http2Exception cause) {
    ExchangeLog.closing(ctx.channel(), cause);
    reset(stream.id, cause.error());
  }

  private void remoteEnded(Http2StreamState stream) {
    if (stream.localEnded) {
      close(stream);
    }
  }

  /**
   * The stream is over: out of the table, what waits to be sent for it goes, what it received
   * and nobody took goes back to the connection's window, and its exchange hears it.
   */
  private void close(Http2StreamState stream) {
    if (stream.closed) {
      return;
    }
    stream.closed = true;
    open.remove(stream.id);
    flow.release(stream);
    if (receive.closed(stream)) {
      flushSoon();
    }
    if (stream.exchange != null) {
      stream.exchange.closed();
    }
    if (open.isEmpty()) {
      whenIdle.run();
    }
  }

  /** RST_STREAM with {@code error}, then the stream (if open) is over. */
  void reset(int id, Http2Error error) {
    codec.writeReset(id, error);
    resetLately[resetNext] = id;
    resetNext = (resetNext + 1) % resetLately.length;
    Http2StreamState stream = open.get(id);
    if (stream != null) {
      close(stream);
    }
    flushSoon();
  }

  /** The connection is gone: every stream is over, an upgrade request still held goes. */
  void connectionClosed() {
    forEachOpen(this::close);
    if (upgrade != null) {
      upgrade.connectionClosed();
    }
  }

  /** {@code Upgrade: h2c} done: the request that asked for it is stream 1's ({@link H2cUpgradedRequest}). */
  void upgraded(FullHttpRequest request) {
    lastStreamId = UPGRADE_STREAM;
    upgrade = new H2cUpgradedRequest(this, ctx);
    upgrade.upgraded(request, codec.prefaceReceived(), shared.readTimeoutNanos());
  }

  /** The client's first SETTINGS: its connection preface is in. */
  void prefaceReceived() {
    if (upgrade != null) {
      upgrade.prefaceReceived();
    }
  }

  /** Stream 1, for the request of an {@code Upgrade: h2c}: half closed (remote), its body ({@code content}) whole. */
  void openUpgraded(Http2Headers headers, ByteBuf content) {
    boolean body = content.isReadable();
    Http2StreamState stream = new Http2StreamState(UPGRADE_STREAM, 0, flow.initialWindow());
    stream.remoteEnded = true;
    open.put(UPGRADE_STREAM, stream);
    stream.exchange = new Http2StreamConnection(this, shared, ctx, stream, false);
    stream.exchange.onHead(headers, !body);
    if (body && !stream.closed) {
      stream.exchange.onData(content.retain(), true);
    }
  }

  /** The read is over: the streams that asked hear so, before the codec's flush. */
  void readComplete() {
    reading = false;
    if (toTell != null && !toTell.isEmpty()) {
      for (int i = 0; i < toTell.size(); i++) {
        toTell.get(i).readComplete();
      }
      toTell.clear();
    }
  }

  /** Tells {@code stream} when the current read of the connection is over. */
  void afterRead(Http2StreamConnection stream) {
    if (toTell == null) {
      toTell = new ArrayList<>(4);
    }
    toTell.add(stream);
  }

  /** The connection's send flow: a stream's frames are written with it ({@link Http2StreamCodec#encode}). */
  Http2SendFlow sendFlow() {
    return flow;
  }

  /** Flushes (as the codec batches flushes: {@link Http2Codec#flush}). */
  void flush() {
    codec.flush(ctx);
  }

  /** Flushes unless the connection is being read, whose end flushes anyway. */
  void flushSoon() {
    if (!reading) {
      codec.flush(ctx);
    }
  }

  boolean isWritable(Http2StreamState stream) {
    return flow.isWritable(stream);
  }
}
