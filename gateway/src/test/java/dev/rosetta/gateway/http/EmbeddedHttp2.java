package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/2 server connection as the gateway builds it ({@link Http2Initializer#switchTo}: the
 * connection handler with its {@link Http2Streams}, the lifecycle) on an {@link EmbeddedChannel}, and a client
 * that writes raw frames to it with Netty's frame writer and reads its answer with Netty's frame
 * reader: the real codec, stream events and flow control, with no socket and with the clock in
 * the test's hand ({@link #server}'s {@code advanceTimeBy}).
 */
final class EmbeddedHttp2 implements AutoCloseable {
  final EmbeddedChannel server = new EmbeddedChannel();
  private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext clientCtx = client.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
  private final ByteBuf fromServer = Unpooled.buffer();
  /** What the server's WINDOW_UPDATE frames on stream 0 added to the connection's window, so far. */
  long connectionWindowGranted;

  EmbeddedHttp2(Http2Initializer http2) {
    server.pipeline().addFirst("start", new ChannelInboundHandlerAdapter());
    http2.switchTo(server.pipeline().context("start"));
    send(() -> {
      clientCtx.write(Http2CodecUtil.connectionPrefaceBuf());
      writer.writeSettings(clientCtx, new Http2Settings(), clientCtx.newPromise());
    });
    writer.writeSettingsAck(clientCtx, clientCtx.newPromise());
    flushToServer();
    frames(); // the server's SETTINGS, its ack of ours, its connection WINDOW_UPDATE
  }

  static Http2Headers request(String method, String path, String... headers) {
    Http2Headers out = new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1");
    for (int i = 0; i < headers.length; i += 2) {
      out.add(headers[i], headers[i + 1]);
    }
    return out;
  }

  void headers(int streamId, Http2Headers headers, boolean endStream) {
    send(() -> writer.writeHeaders(clientCtx, streamId, headers, 0, endStream, clientCtx.newPromise()));
  }

  void data(int streamId, String text, boolean endStream) {
    ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    send(() -> writer.writeData(clientCtx, streamId, bytes, 0, endStream, clientCtx.newPromise()));
  }

  void reset(int streamId, Http2Error error) {
    send(() -> writer.writeRstStream(clientCtx, streamId, error.code(), clientCtx.newPromise()));
  }

  private void send(Runnable writes) {
    writes.run();
    flushToServer();
  }

  private void flushToServer() {
    client.flushOutbound();
    for (Object bytes; (bytes = client.readOutbound()) != null; ) {
      server.writeInbound(bytes);
    }
    server.runPendingTasks();
  }

  /**
   * The frames the server wrote since the last call, as text: {@code "HEADERS 1 404 end=false"},
   * {@code "DATA 1 {...} end=true"}, {@code "RST_STREAM 1 NO_ERROR"}; SETTINGS, their acks and
   * WINDOW_UPDATEs left out.
   */
  List<String> frames() {
    server.flushOutbound();
    for (ByteBuf bytes; (bytes = server.readOutbound()) != null; ) {
      fromServer.writeBytes(bytes);
      bytes.release();
    }
    List<String> out = new ArrayList<>();
    try {
      reader.readFrame(clientCtx, fromServer, new Http2FrameAdapter() {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) {
          CharSequence status = headers.status();
          out.add("HEADERS " + streamId + " " + (status != null ? status : headers.names()) + " end=" + endOfStream
              + (headers.contains("content-length") ? " length=" + headers.get("content-length") : ""));
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
          out.add("DATA " + streamId + " " + data.toString(StandardCharsets.UTF_8) + " end=" + end);
          return data.readableBytes() + padding;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
          out.add("RST_STREAM " + streamId + " " + Http2Error.valueOf(errorCode));
        }

        @Override
        public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int increment) {
          if (streamId == 0) {
            connectionWindowGranted += increment;
          }
        }
      });
    } catch (Http2Exception e) {
      throw new AssertionError(e);
    }
    fromServer.discardReadBytes();
    return out;
  }

  @Override
  public void close() {
    server.finishAndReleaseAll();
    client.finishAndReleaseAll();
    fromServer.release();
    reader.close();
  }
}
