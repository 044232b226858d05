package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of one HTTP/2 connection: sits right after the frame codec ({@link Http2Codec}),
 * makes an {@link Http2StreamConnection} for each stream's first HEADERS frame, and hands every
 * stream's frames and events (writability, close, errors) to it. Frames not of a stream (SETTINGS,
 * PING, GOAWAY) go on to {@link Http2ConnectionLifecycle}.
 *
 * <p>In place of Netty's {@code Http2MultiplexHandler}, which gives each stream a child channel
 * with its own pipeline, promises and event plumbing: that cost 9-25% of Rosetta's CPU per HTTP/2
 * request at one stream per connection (docs/benchmarks.md), where issue 14 asks HTTP/2 not to
 * cost more than HTTP/1.1. Here a stream costs one object and one map entry.
 *
 * <p>One per connection, on its event loop; what the streams share (the dispatcher, limits,
 * observer) comes from {@link Http2Initializer}.
 */
final class Http2Streams extends ChannelInboundHandlerAdapter {
  private final Http2Initializer shared;
  private final Http2Connection connection;
  private final IntObjectMap<Http2StreamConnection> streams = new IntObjectHashMap<>(8);
  private ChannelHandlerContext ctx;
  /** Inside a read of the connection: its end flushes (Http2ConnectionHandler), so a stream need not. */
  private boolean reading;
  /** Streams to tell when the current read is over ({@link Http2StreamConnection#readComplete}); made on first use. */
  private List<Http2StreamConnection> toTell;

  Http2Streams(Http2Initializer shared, Http2Connection connection) {
    this.shared = shared;
    this.connection = connection;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame) || frame.stream() == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    reading = true;
    int id = frame.stream().id();
    Http2StreamConnection stream = streams.get(id);
    if (msg instanceof Http2HeadersFrame headers) {
      if (stream == null) {
        stream = new Http2StreamConnection(this, shared, ctx, frame.stream());
        streams.put(id, stream);
        stream.onHead(headers);
      } else {
        stream.onTrailers(headers);
      }
    } else if (msg instanceof Http2DataFrame data && stream != null) {
      stream.onData(data);
    } else {
      // RST_STREAM (the codec closes the stream right after: the close event ends it), PRIORITY,
      // unknown frame types, or DATA for a stream already over.
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (toTell != null && !toTell.isEmpty()) {
      for (int i = 0; i < toTell.size(); i++) {
        toTell.get(i).readComplete();
      }
      toTell.clear();
    }
    ctx.fireChannelReadComplete();
  }

  /** Tells {@code stream} when the current read of the connection is over. */
  void afterRead(Http2StreamConnection stream) {
    if (toTell == null) {
      toTell = new ArrayList<>(4);
    }
    toTell.add(stream);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof Http2FrameStreamEvent streamEvent) {
      Http2StreamConnection stream = streams.get(streamEvent.stream().id());
      if (stream == null) {
        return;
      }
      if (streamEvent.type() == Http2FrameStreamEvent.Type.Writability) {
        stream.writabilityChanged();
      } else if (streamEvent.stream().state() == Http2Stream.State.CLOSED) {
        stream.closed();
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException streamError) {
      Http2StreamConnection stream = streams.get(streamError.stream().id());
      if (stream != null) {
        stream.streamError(cause);
      } else {
        ExchangeLog.closing(ctx.channel(), cause);
      }
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  /** The connection closed: every stream still open is over. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Http2StreamConnection stream : new ArrayList<>(streams.values())) {
      stream.closed();
    }
    ctx.fireChannelInactive();
  }

  /** A stream is over ({@link Http2StreamConnection#closed}): no more frames go to it. */
  void forget(int id) {
    streams.remove(id);
  }

  /** Flushes unless the connection is being read, whose end flushes anyway. */
  void flushSoon() {
    if (!reading) {
      ctx.flush();
    }
  }

  /** Whether the client's windows and the connection's buffer take more of {@code stream}'s response. */
  boolean isWritable(Http2FrameStream stream) {
    Http2Stream open = connection.stream(stream.id());
    return open != null && connection.remote().flowController().isWritable(open);
  }
}
