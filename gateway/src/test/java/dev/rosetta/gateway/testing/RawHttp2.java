package dev.rosetta.gateway.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP/2 client in cleartext (prior knowledge) that writes whatever frames a test asks for,
 * well-formed or hostile, with Netty's own frame writer and reader: the attacker in the HTTP/2
 * abuse tests, and a client that can keep its flow-control window closed. Every frame the server
 * sends is recorded; SETTINGS and PINGs are acknowledged, and received DATA is given back to the
 * windows, unless the test says otherwise ({@link Options}).
 */
public final class RawHttp2 implements AutoCloseable {
  /**
   * A frame from the server; {@code code} is an RST_STREAM or GOAWAY error code, a WINDOW_UPDATE
   * increment or a PING ack's 8 bytes, {@code data} DATA as text.
   */
  public record Frame(String type, int streamId, long code, Http2Headers headers, String data, boolean endStream) {
    public String status() {
      return headers == null || headers.status() == null ? null : headers.status().toString();
    }
  }

  /**
   * @param settings the client's SETTINGS
   * @param openWindows give received DATA back to the stream and connection windows
   * @param ack acknowledge the server's SETTINGS and PINGs
   * @param receiveBuffer the socket's receive buffer (0: the system's); small, with {@code read}
   *     off, it makes the server's writes stall
   * @param read read from the socket at all
   */
  public record Options(Http2Settings settings, boolean openWindows, boolean ack, int receiveBuffer, boolean read) {
    public static Options polite() {
      return new Options(new Http2Settings(), true, true, 0, true);
    }

    public Options withSettings(Http2Settings settings) {
      return new Options(settings, openWindows, ack, receiveBuffer, read);
    }

    public Options withWindowsClosed() {
      return new Options(settings, false, ack, receiveBuffer, read);
    }

    public Options deaf(int receiveBuffer) {
      return new Options(settings, openWindows, ack, receiveBuffer, false);
    }
  }

  /** What the server sent and no {@link #await} has taken yet, oldest first. */
  public final List<Frame> frames = new java.util.ArrayList<>();
  /** DATA bytes received so far. */
  public final AtomicLong dataBytes = new AtomicLong();
  /** The server's SETTINGS frames (not their acks), in the order they came. */
  public final List<Http2Settings> settingsReceived = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final Options options;
  private final Channel channel;
  private volatile ChannelHandlerContext ctx;

  private RawHttp2(int port, Options options) throws InterruptedException {
    this.options = options;
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.AUTO_READ, options.read())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new Reader());
          }
        });
    if (options.receiveBuffer() > 0) {
      bootstrap.option(ChannelOption.SO_RCVBUF, options.receiveBuffer());
    }
    channel = bootstrap.connect("127.0.0.1", port).sync().channel();
    onLoop(() -> {
      ctx.write(Http2CodecUtil.connectionPrefaceBuf());
      writer.writeSettings(ctx, options.settings(), ctx.newPromise());
      ctx.flush();
    });
  }

  /** Connects, sends the client preface and SETTINGS. */
  public static RawHttp2 connect(int port, Options options) throws InterruptedException {
    return new RawHttp2(port, options);
  }

  public static RawHttp2 connect(int port) throws InterruptedException {
    return connect(port, Options.polite());
  }

  /** Request headers for {@code method path}. */
  public static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1");
  }

  public void headers(int streamId, Http2Headers headers, boolean endStream) {
    onLoop(() -> writer.writeHeaders(ctx, streamId, headers, 0, endStream, ctx.newPromise()));
  }

  /** HEADERS with the PRIORITY flag: the stream depends on {@code dependency}, with the default weight (16). */
  public void headers(int streamId, Http2Headers headers, int dependency, boolean endStream) {
    onLoop(() -> writer.writeHeaders(ctx, streamId, headers, dependency, (short) 16, false, 0, endStream,
        ctx.newPromise()));
  }

  public void data(int streamId, String text, boolean endStream) {
    data(streamId, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), endStream);
  }

  public void data(int streamId, ByteBuf bytes, boolean endStream) {
    onLoop(() -> writer.writeData(ctx, streamId, bytes, 0, endStream, ctx.newPromise()));
  }

  public void reset(int streamId, long errorCode) {
    onLoop(() -> writer.writeRstStream(ctx, streamId, errorCode, ctx.newPromise()));
  }

  public void ping(long data) {
    onLoop(() -> writer.writePing(ctx, false, data, ctx.newPromise()));
  }

  /** Bytes written as they are, for frames built by hand in bulk (a flood of PINGs). */
  public void raw(ByteBuf bytes) {
    onLoop(() -> ctx.write(bytes));
  }

  /** {@code count} PING frames as raw bytes: a flood costs the attacker one buffer. */
  public static ByteBuf pings(int count) {
    ByteBuf out = Unpooled.buffer(count * 17);
    for (int i = 0; i < count; i++) {
      out.writeMedium(8).writeByte(Http2FrameTypes.PING).writeByte(0).writeInt(0).writeLong(i);
    }
    return out;
  }

  /** GOAWAY from the client. */
  public void goAway(int lastStreamId, long errorCode) {
    onLoop(() -> writer.writeGoAway(ctx, lastStreamId, errorCode, Unpooled.EMPTY_BUFFER, ctx.newPromise()));
  }

  /** PRIORITY for {@code streamId}: it depends on {@code dependency}, with {@code weight} (1 to 256). */
  public void priority(int streamId, int dependency, short weight, boolean exclusive) {
    onLoop(() -> writer.writePriority(ctx, streamId, dependency, weight, exclusive, ctx.newPromise()));
  }

  public void settings(Http2Settings settings) {
    onLoop(() -> writer.writeSettings(ctx, settings, ctx.newPromise()));
  }

  public void windowUpdate(int streamId, int increment) {
    onLoop(() -> writer.writeWindowUpdate(ctx, streamId, increment, ctx.newPromise()));
  }

  /** Any frame, as raw as it comes: a HEADERS without END_HEADERS, a CONTINUATION. */
  public void frame(byte type, int streamId, Http2Flags flags, ByteBuf payload) {
    onLoop(() -> writer.writeFrame(ctx, type, streamId, flags, payload, ctx.newPromise()));
  }

  /** HEADERS then RST_STREAM, written and not flushed: only inside {@link #batch}. */
  public void openAndCancelInBatch(int streamId, Http2Headers headers) {
    writer.writeHeaders(ctx, streamId, headers, 0, true, ctx.voidPromise());
    writer.writeRstStream(ctx, streamId, 8 /* CANCEL */, ctx.voidPromise());
  }

  /** A frame written and not flushed: only inside {@link #batch}, which flushes at its end. */
  public void frameInBatch(byte type, int streamId, Http2Flags flags, ByteBuf payload) {
    writer.writeFrame(ctx, type, streamId, flags, payload, ctx.voidPromise());
  }

  /** Runs {@code writes} on the connection's loop, then flushes. */
  public void batch(Runnable writes) {
    onLoop(writes);
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Whether the client's own outbound buffer takes more (the server reads what it sends). */
  public boolean isWritable() {
    return channel.isWritable();
  }

  /** Waits for the server to close the connection (reading again, so that the close is seen). */
  public boolean awaitClosed(Duration timeout) {
    channel.config().setAutoRead(true);
    return channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
  }

  /** The first frame (received so far or within {@code timeout}) that matches, taken out; null when none does. */
  public Frame await(Predicate<Frame> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (frames) {
      while (true) {
        for (java.util.Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
          Frame frame = it.next();
          if (match.test(frame)) {
            it.remove();
            return frame;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(frames, left);
      }
    }
  }

  private void received(Frame frame) {
    synchronized (frames) {
      frames.add(frame);
      frames.notifyAll();
    }
  }

  /** The server's GOAWAY, waited for. */
  public Frame awaitGoAway(Duration timeout) throws InterruptedException {
    return await(f -> f.type().equals("GOAWAY"), timeout);
  }

  /**
   * What the server answered on {@code streamId} until its end (END_STREAM or RST_STREAM): its
   * HEADERS, DATA and RST_STREAM frames. The WINDOW_UPDATEs it sends for the stream's request
   * body are flow control, not the answer: they stay in {@link #frames}.
   */
  public List<Frame> awaitStream(int streamId, Duration timeout) throws InterruptedException {
    List<Frame> stream = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame = await(f -> f.streamId() == streamId && !f.type().equals("WINDOW_UPDATE"),
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (frame == null) {
        throw new AssertionError("stream " + streamId + " did not end within " + timeout + "; got " + stream);
      }
      stream.add(frame);
      if (frame.endStream() || frame.type().equals("RST_STREAM")) {
        return stream;
      }
    }
  }

  /** The DATA of {@code frames}, as text. */
  public static String body(List<Frame> frames) {
    StringBuilder body = new StringBuilder();
    frames.stream().filter(f -> f.type().equals("DATA")).forEach(f -> body.append(f.data()));
    return body.toString();
  }

  private void onLoop(Runnable writes) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      try {
        writes.run();
        ctx.flush();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.join();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Reads the server's frames (after its preface: the server sends no magic) and records them. */
  private final class Reader extends ByteToMessageDecoder {
    private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(false);
    private final Http2FrameAdapter listener = new Http2FrameAdapter() {
      @Override
      public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        int bytes = data.readableBytes() + padding;
        dataBytes.addAndGet(data.readableBytes());
        received(new Frame("DATA", streamId, 0, null, data.toString(StandardCharsets.UTF_8), endOfStream));
        if (options.openWindows() && bytes > 0) {
          writer.writeWindowUpdate(ctx, 0, bytes, ctx.newPromise());
          if (!endOfStream) {
            writer.writeWindowUpdate(ctx, streamId, bytes, ctx.newPromise());
          }
          ctx.flush();
        }
        return bytes;
      }

      @Override
      public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
          boolean endOfStream) {
        received(new Frame("HEADERS", streamId, 0, headers, null, endOfStream));
      }

      @Override
      public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
          short weight, boolean exclusive, int padding, boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
      }

      @Override
      public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        received(new Frame("RST_STREAM", streamId, errorCode, null, null, false));
      }

      @Override
      public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
        received(new Frame("GOAWAY", lastStreamId, errorCode, null, debugData.toString(StandardCharsets.UTF_8), false));
      }

      @Override
      public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
        settingsReceived.add(settings);
        received(new Frame("SETTINGS", 0, 0, null, settings.toString(), false));
        if (options.ack()) {
          writer.writeSettingsAck(ctx, ctx.newPromise());
          ctx.flush();
        }
      }

      @Override
      public void onSettingsAckRead(ChannelHandlerContext ctx) {
        received(new Frame("SETTINGS_ACK", 0, 0, null, null, false));
      }

      /** {@code code} is the PING's 8 bytes. */
      @Override
      public void onPingAckRead(ChannelHandlerContext ctx, long data) {
        received(new Frame("PING_ACK", 0, data, null, null, false));
      }

      @Override
      public void onPingRead(ChannelHandlerContext ctx, long data) {
        if (options.ack()) {
          writer.writePing(ctx, true, data, ctx.newPromise());
          ctx.flush();
        }
      }

      @Override
      public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
        received(new Frame("WINDOW_UPDATE", streamId, windowSizeIncrement, null, null, false));
      }
    };

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      RawHttp2.this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      reader.readFrame(ctx, in, listener);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      reader.close();
    }
  }
}
