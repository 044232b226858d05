package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response side of HTTP/2 flow control on an {@link EmbeddedChannel}: what leaves at once,
 * what waits for the client's windows and in which order, writability, and what a closed stream
 * frees. The frames the channel got are read back with Netty's frame reader.
 */
class Http2SendFlowTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final List<Http2StreamState> open = new ArrayList<>();
  private final List<Integer> ended = new ArrayList<>();
  private final Http2SendFlow.Streams streams = new Http2SendFlow.Streams() {
    @Override
    public void localEnded(Http2StreamState stream) {
      ended.add(stream.id);
    }

    @Override
    public void forEachOpen(Consumer<Http2StreamState> action) {
      List.copyOf(open).forEach(action);
    }

    @Override
    public void headersRefused(Http2StreamState stream, Http2Exception cause) {
      throw new AssertionError(cause);
    }
  };
  private final Http2SendFlow flow =
      new Http2SendFlow(new DefaultHttp2FrameWriter(), new DefaultHttp2HeadersEncoder(), streams, ctx);

  @AfterEach
  void noLeak() {
    sent();
    channel.finishAndReleaseAll();
  }

  private Http2StreamState stream(int id) {
    Http2StreamState stream = new Http2StreamState(id, 0, flow.initialWindow());
    open.add(stream);
    return stream;
  }

  private static ByteBuf bytes(int n) {
    return Unpooled.wrappedBuffer(new byte[n]);
  }

  private static Http2Headers ok() {
    return new DefaultHttp2Headers().status("200");
  }

  /**
   * The frames written since the last call, as "TYPE stream bytes [end]"; DATA frames of one
   * stream in a row are summed (the writer splits DATA at the client's frame size).
   */
  private List<String> sent() {
    List<String> frames = new ArrayList<>();
    DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
    channel.flushOutbound();
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      try {
        reader.readFrame(ctx, out, new Http2FrameAdapter() {
          @Override
          public int onDataRead(ChannelHandlerContext c, int id, ByteBuf data, int padding, boolean end) {
            int bytes = data.readableBytes();
            String previous = frames.isEmpty() ? "" : frames.get(frames.size() - 1);
            if (previous.startsWith("DATA " + id + " ") && !previous.endsWith("end")) {
              bytes += Integer.parseInt(previous.substring(previous.lastIndexOf(' ') + 1));
              frames.remove(frames.size() - 1);
            }
            frames.add("DATA " + id + " " + bytes + (end ? " end" : ""));
            return 0;
          }

          @Override
          public void onHeadersRead(ChannelHandlerContext c, int id, Http2Headers headers, int padding, boolean end) {
            frames.add("HEADERS " + id + (end ? " end" : ""));
          }
        });
      } catch (Http2Exception e) {
        throw new AssertionError(e);
      } finally {
        out.release();
      }
    }
    reader.close();
    return frames;
  }

  @Test
  void aResponseThatFitsLeavesAtOnce() {
    Http2StreamState stream = stream(1);
    flow.writeHeaders(stream, ok(), false, channel.newPromise());
    ChannelFuture last = flow.writeData(stream, bytes(1000), true, channel.newPromise());
    assertThat(sent()).containsExactly("HEADERS 1", "DATA 1 1000 end");
    assertThat(last.isSuccess()).isTrue();
    assertThat(ended).containsExactly(1);
    assertThat(stream.sendWindow).isEqualTo(Http2SendFlow.DEFAULT_WINDOW - 1000);
    assertThat(stream.pending).as("nothing made for a response that fits").isNull();
  }

  @Test
  void aWholeResponseThatFitsLeavesInOneBuffer() {
    Http2StreamState stream = stream(1);
    ByteBuf body = bytes(1000);
    ChannelFuture done = flow.writeWhole(stream, ok(), body, channel.newPromise());
    channel.flushOutbound();
    assertThat(channel.outboundMessages()).as("head and body in one write").hasSize(1);
    assertThat(sent()).containsExactly("HEADERS 1", "DATA 1 1000 end");
    assertThat(done.isSuccess()).isTrue();
    assertThat(body.refCnt()).as("the body is copied, then freed").isZero();
    assertThat(ended).containsExactly(1);
    assertThat(stream.sendWindow).isEqualTo(Http2SendFlow.DEFAULT_WINDOW - 1000);
  }

  @Test
  void aWholeResponsePastTheWindowSendsItsHeadAndWaitsWithItsBody() throws Exception {
    flow.initialWindow(100);
    Http2StreamState stream = stream(1);
    ChannelFuture done = flow.writeWhole(stream, ok(), bytes(250), channel.newPromise());
    assertThat(sent()).containsExactly("HEADERS 1", "DATA 1 100");
    assertThat(done.isDone()).isFalse();
    flow.windowUpdate(1, stream, 150);
    assertThat(sent()).containsExactly("DATA 1 150 end");
    assertThat(done.isSuccess()).isTrue();
    assertThat(ended).containsExactly(1);
  }

  @Test
  void aWholeResponseLargerThanItIsWorthCopyingKeepsItsBodyBuffer() {
    Http2StreamState stream = stream(1);
    flow.writeWhole(stream, ok(), bytes(Http2HeadFrames.MAX_COPIED_BODY + 1), channel.newPromise());
    channel.flushOutbound();
    assertThat(channel.outboundMessages()).as("the head, the DATA frame's header, its payload").hasSize(3);
    assertThat(sent()).containsExactly("HEADERS 1", "DATA 1 " + (Http2HeadFrames.MAX_COPIED_BODY + 1) + " end");
  }

  @Test
  void dataPastTheStreamWindowWaitsWithTheTrailersBehindItUntilAWindowUpdate() throws Exception {
    flow.initialWindow(100);
    Http2StreamState stream = stream(1);
    flow.writeHeaders(stream, ok(), false, channel.newPromise());
    ChannelFuture data = flow.writeData(stream, bytes(250), false, channel.newPromise());
    ChannelFuture trailers = flow.writeHeaders(stream, new DefaultHttp2Headers().add("grpc-status", "0"), true,
        channel.newPromise());
    assertThat(sent()).containsExactly("HEADERS 1", "DATA 1 100");
    assertThat(data.isDone()).isFalse();
    assertThat(trailers.isDone()).isFalse();
    assertThat(ended).isEmpty();
    assertThat(flow.isWritable(stream)).isFalse();

    flow.windowUpdate(1, stream, 100);
    assertThat(sent()).containsExactly("DATA 1 100");
    assertThat(data.isDone()).isFalse();

    flow.windowUpdate(1, stream, 1000);
    assertThat(sent()).containsExactly("DATA 1 50", "HEADERS 1 end");
    assertThat(data.isSuccess()).isTrue();
    assertThat(trailers.isSuccess()).isTrue();
    assertThat(ended).containsExactly(1);
    assertThat(flow.isWritable(stream)).isTrue();
  }

  @Test
  void streamsWaitingForTheConnectionWindowTakeTurns() throws Exception {
    Http2StreamState first = stream(1);
    Http2StreamState second = stream(3);
    flow.writeData(first, bytes(Http2SendFlow.DEFAULT_WINDOW), false, channel.newPromise());
    assertThat(flow.isWritable(second)).as("the connection's window is used up").isFalse();
    flow.writeData(second, bytes(10), true, channel.newPromise());
    flow.writeData(first, bytes(10), true, channel.newPromise());
    assertThat(sent()).containsExactly("DATA 1 " + Http2SendFlow.DEFAULT_WINDOW);
    flow.windowUpdate(1, first, 100);
    assertThat(sent()).as("stream 1's window has room, the connection's has none").isEmpty();

    flow.windowUpdate(0, null, 15);
    assertThat(sent()).as("in the order they began to wait").containsExactly("DATA 3 10 end", "DATA 1 5");
    flow.windowUpdate(0, null, 5);
    assertThat(sent()).containsExactly("DATA 1 5 end");
    assertThat(ended).containsExactly(3, 1);
  }

  @Test
  void aSettingsThatShrinksTheWindowHoldsDataUntilOneThatGrowsIt() throws Exception {
    Http2StreamState stream = stream(1);
    flow.writeData(stream, bytes(60_000), false, channel.newPromise());
    flow.initialWindow(1000); // RFC 9113 section 6.9.2: the window may go negative
    assertThat(stream.sendWindow).isEqualTo(1000 - 60_000);
    flow.writeData(stream, bytes(10), true, channel.newPromise());
    assertThat(sent()).containsExactly("DATA 1 60000");

    flow.initialWindow(Http2SendFlow.DEFAULT_WINDOW);
    assertThat(sent()).containsExactly("DATA 1 10 end");
  }

  @Test
  void aClosedStreamFreesWhatWaitsAndFailsItsWrites() throws Exception {
    flow.initialWindow(0);
    Http2StreamState stream = stream(1);
    ByteBuf body = bytes(500);
    ChannelFuture write = flow.writeData(stream, body, true, channel.newPromise());
    stream.closed = true;
    flow.release(stream);
    assertThat(body.refCnt()).isZero();
    assertThat(write.cause()).hasMessageContaining("stream 1 is closed");
    ByteBuf late = bytes(5);
    assertThat(flow.writeData(stream, late, true, channel.newPromise()).isSuccess()).isFalse();
    assertThat(late.refCnt()).isZero();
    assertThat(sent()).isEmpty();
  }

  @Test
  void aWindowPast2To31IsAFlowControlError() throws Exception {
    Http2StreamState stream = stream(1);
    assertThatThrownBy(() -> flow.windowUpdate(0, null, Integer.MAX_VALUE))
        .isInstanceOfSatisfying(Http2Exception.class, e -> {
          assertThat(e.error()).isEqualTo(Http2Error.FLOW_CONTROL_ERROR);
          assertThat(Http2Exception.isStreamError(e)).isFalse();
        });
    assertThatThrownBy(() -> flow.windowUpdate(1, stream, Integer.MAX_VALUE))
        .isInstanceOfSatisfying(Http2Exception.StreamException.class,
            e -> assertThat(e.error()).isEqualTo(Http2Error.FLOW_CONTROL_ERROR));
    flow.windowUpdate(1, stream, 1000);
    assertThatThrownBy(() -> flow.initialWindow(Integer.MAX_VALUE)).as("a stream's window grown past the initial one")
        .isInstanceOfSatisfying(Http2Exception.class, e -> assertThat(e.error()).isEqualTo(Http2Error.FLOW_CONTROL_ERROR));
  }
}
