package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The streams of one HTTP/2 connection: the frame listener of its {@link Http2Codec}, which makes
 * an {@link Http2StreamConnection} for each stream's first HEADERS frame and hands it the
 * stream's frames (as the decoder's fields: no frame objects) and what Netty's connection tells
 * of it (writability, close). What the streams ask of the connection (writes, resets, window
 * updates, flushes) goes through here to the codec. SETTINGS, PING and GOAWAY are the codec's.
 *
 * <p>In place of Netty's {@code Http2FrameCodec} and {@code Http2MultiplexHandler}, which give
 * each stream a child channel with its own pipeline, and each frame an object: on the floor
 * server, those cost HTTP/2 0.2-0.5x HTTP/1.1's CPU per request on top at one stream per
 * connection (docs/benchmarks.md), where issue 14 asks HTTP/2 not to cost more than HTTP/1.1.
 * Here a stream costs one object and one map entry, the way grpc-java's server transport is built.
 *
 * <p>One per connection, on its event loop; what the streams share (the dispatcher, limits,
 * observer) comes from {@link Http2Initializer}.
 */
final class Http2Streams extends Http2FrameAdapter implements Http2RemoteFlowController.Listener {
  private final Http2Initializer shared;
  private final Http2Codec codec;
  private final Http2Connection connection;
  private final IntObjectMap<Http2StreamConnection> streams = new IntObjectHashMap<>(8);
  /** The codec's context: the streams' writes start there. */
  private ChannelHandlerContext ctx;
  /** Inside a read of the connection: its end flushes (Http2ConnectionHandler), so a stream need not. */
  private boolean reading;
  /** Streams to tell when the current read is over ({@link Http2StreamConnection#readComplete}); made on first use. */
  private List<Http2StreamConnection> toTell;
  /** The request of an {@code Upgrade: h2c}, until the client's connection preface is read ({@link #upgraded}). */
  private FullHttpRequest upgradeWaiting;
  private ScheduledFuture<?> prefaceTimer;

  Http2Streams(Http2Initializer shared, Http2Codec codec) {
    this.shared = shared;
    this.codec = codec;
    this.connection = codec.connection();
    connection.remote().flowController().listener(this);
    connection.addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        Http2StreamConnection open = streams.get(stream.id());
        if (open != null) {
          open.closed();
        }
      }
    });
  }

  /** The codec is in its pipeline. */
  void bind(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    reading = true;
    Http2StreamConnection stream = streams.get(streamId);
    if (stream == null) {
      open(connection.stream(streamId), true).onHead(headers, endOfStream);
    } else {
      stream.onTrailers(headers, endOfStream);
    }
  }

  /**
   * A DATA frame: its padding goes back to the client's window at once, its bytes only once the
   * stream's exchange takes them ({@link #consumed}), so a stream's window bounds what waits here.
   */
  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    reading = true;
    Http2StreamConnection stream = streams.get(streamId);
    if (stream == null) {
      return data.readableBytes() + padding; // a stream already over here: nothing will take it
    }
    stream.onData(data.retain(), endOfStream);
    return padding;
  }

  private Http2StreamConnection open(Http2Stream stream, boolean flowControlled) {
    Http2StreamConnection open = new Http2StreamConnection(this, shared, ctx, stream, flowControlled);
    streams.put(stream.id(), open);
    return open;
  }

  /**
   * The request of an {@code Upgrade: h2c} ({@link H2cUpgrade}), read whole over HTTP/1.1: stream
   * 1's, which Netty opened half closed. Its body took no part in HTTP/2's flow control.
   *
   * <p>It is served once the client's connection preface has been read, not at once. RFC 9113
   * lets the server answer when it likes, and the JDK's HttpClient (17.0.15 here) loses, now and
   * then, HTTP/2 frames that reach it right behind the 101, before it has turned to HTTP/2
   * itself: the gateway wrote and flushed the whole answer, and the client waited until the
   * connection's idle timeout closed it (1 to 10 of 800 fresh upgrades with both cores busy;
   * none in 1,600 with the answer held until the preface, which the client sends once it has
   * turned). A client that never sends its preface is cut off after {@code --request-read-timeout}.
   */
  void upgraded(FullHttpRequest request) {
    if (codec.decoder().prefaceReceived()) {
      serveUpgrade(request);
      return;
    }
    upgradeWaiting = request.retain();
    long timeout = shared.readTimeoutNanos();
    if (timeout > 0) {
      prefaceTimer = ctx.executor().schedule(() -> {
        if (upgradeWaiting != null) {
          ExchangeLog.closing(ctx.channel(), "no HTTP/2 connection preface after the 101");
          ctx.close();
        }
      }, timeout, TimeUnit.NANOSECONDS);
    }
  }

  /** The client's SETTINGS: its connection preface is in, and a held upgrade request is served. */
  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    FullHttpRequest waiting = upgradeWaiting;
    if (waiting == null) {
      return;
    }
    upgradeWaiting = null;
    if (prefaceTimer != null) {
      prefaceTimer.cancel(false);
    }
    try {
      serveUpgrade(waiting);
    } finally {
      waiting.release();
    }
  }

  /** The connection is closed: an upgrade request still held goes. */
  void connectionClosed() {
    if (upgradeWaiting != null) {
      upgradeWaiting.release();
      upgradeWaiting = null;
    }
    if (prefaceTimer != null) {
      prefaceTimer.cancel(false);
    }
  }

  private void serveUpgrade(FullHttpRequest request) {
    Http2Stream stream = connection.stream(Http2CodecUtil.HTTP_UPGRADE_STREAM_ID);
    if (stream == null) {
      return; // the switch failed, and Netty's upgrade codec is closing the connection
    }
    Http2Headers headers;
    try {
      // As Netty's frame codec does: the fields an HTTP/2 request would carry, without Upgrade,
      // HTTP2-Settings, Connection and what it names; the scheme is the plain listener's.
      request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
      headers = HttpConversionUtil.toHttp2Headers(request, true);
    } catch (RuntimeException e) {
      ExchangeLog.closing(ctx.channel(), e);
      reset(stream.id(), Http2Error.PROTOCOL_ERROR);
      return;
    }
    boolean body = request.content().isReadable();
    Http2StreamConnection upgraded = open(stream, false);
    upgraded.onHead(headers, !body);
    if (body) {
      upgraded.onData(request.content().retain(), true);
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

  @Override
  public void writabilityChanged(Http2Stream stream) {
    Http2StreamConnection open = streams.get(stream.id());
    if (open != null) {
      open.writabilityChanged();
    }
  }

  /** A stream is over ({@link Http2StreamConnection#closed}): no more frames go to it. */
  void forget(int id) {
    streams.remove(id);
  }

  /** The connection's encoder: a stream's frames are written with it ({@link Http2StreamCodec#encode}). */
  Http2ConnectionEncoder encoder() {
    return codec.encoder();
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

  /** RST_STREAM with {@code error}, flushed; Netty closes the stream once it is written. */
  void reset(int id, Http2Error error) {
    codec.resetStream(ctx, id, error.code(), ctx.newPromise());
    flushSoon();
  }

  /** Gives {@code bytes} of {@code stream}'s body back to the client's window (Netty sends WINDOW_UPDATE once enough are). */
  void consumed(Http2Stream stream, int bytes) {
    try {
      if (connection.local().flowController().consumeBytes(stream, bytes)) {
        flushSoon();
      }
    } catch (Http2Exception e) {
      codec.onError(ctx, true, e);
    }
  }

  /** Whether the client's windows and the connection's buffer take more of {@code stream}'s response. */
  boolean isWritable(Http2Stream stream) {
    return stream.state() != Http2Stream.State.CLOSED && connection.remote().flowController().isWritable(stream);
  }
}
