package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The frames {@link Http2HeadFrames} writes, walked frame by frame (type, flags, length) and read
 * back with Netty's frame reader, which checks the HPACK block and the CONTINUATION sequence.
 */
class Http2HeadFramesTest {
  private static final int MAX_FRAME = 16_384;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private static final EmbeddedChannel CHANNEL = new EmbeddedChannel(new ChannelInboundHandlerAdapter());

  /** Each frame of {@code frames} as "type flags length", from its 9-byte header. */
  private static List<String> walk(ByteBuf frames) {
    List<String> walked = new ArrayList<>();
    for (int at = frames.readerIndex(); at < frames.writerIndex(); ) {
      int length = frames.getUnsignedMedium(at);
      walked.add(frames.getByte(at + 3) + " " + frames.getByte(at + 4) + " " + length);
      assertThat(frames.getInt(at + 5)).as("stream id").isEqualTo(3);
      at += 9 + length;
    }
    return walked;
  }

  /** What Netty's reader makes of {@code frames}: the head's fields and the body, as text. */
  private static List<String> read(ByteBuf frames) throws Http2Exception {
    List<String> read = new ArrayList<>();
    DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(true, 65_536));
    reader.readFrame(CHANNEL.pipeline().firstContext(), frames, new Http2FrameAdapter() {
      @Override
      public void onHeadersRead(ChannelHandlerContext ctx, int id, Http2Headers headers, int padding, boolean end) {
        read.add("HEADERS " + headers.status() + " x-long " + headers.get("x-long").length() + (end ? " end" : ""));
      }

      @Override
      public int onDataRead(ChannelHandlerContext ctx, int id, ByteBuf data, int padding, boolean end) {
        read.add("DATA " + data.toString(StandardCharsets.UTF_8) + (end ? " end" : ""));
        return 0;
      }
    });
    reader.close();
    return read;
  }

  private static Http2Headers head(int valueLength) {
    return new DefaultHttp2Headers().status("200").add("x-long", "v".repeat(valueLength));
  }

  /** Buffers a test made, released after it. */
  private final List<ByteBuf> made = new ArrayList<>();

  @AfterEach
  void release() {
    made.forEach(ByteBuf::release);
  }

  /** The frames of a head whose {@code x-long} field is {@code valueLength} bytes, then {@code body} unless null. */
  private ByteBuf encode(int valueLength, String body) throws Http2Exception {
    ByteBuf bodyBuffer = body == null ? null : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    if (bodyBuffer != null) {
      made.add(bodyBuffer);
    }
    ByteBuf frames = Http2HeadFrames.encode(ByteBufAllocator.DEFAULT, encoder, MAX_FRAME, 3, head(valueLength),
        bodyBuffer, true);
    made.add(frames);
    if (bodyBuffer != null) {
      assertThat(bodyBuffer.readableBytes()).as("the body is copied, not consumed").isEqualTo(body.length());
    }
    return frames;
  }

  @Test
  void aHeadAndItsBodyAreTwoFramesInOneBuffer() throws Exception {
    ByteBuf frames = encode(10, "{\"id\":\"x\"}");
    List<String> walked = walk(frames);
    assertThat(walked).hasSize(2);
    assertThat(walked.get(0)).as("HEADERS with END_HEADERS").startsWith("1 4 ");
    assertThat(walked.get(1)).as("DATA with END_STREAM").isEqualTo("0 1 10");
    assertThat(read(frames)).containsExactly("HEADERS 200 x-long 10", "DATA {\"id\":\"x\"} end");
  }

  @Test
  void aHeadAloneCanEndTheStream() throws Exception {
    ByteBuf frames = encode(10, null);
    assertThat(walk(frames)).singleElement().asString().startsWith("1 5 ");
    assertThat(read(frames)).containsExactly("HEADERS 200 x-long 10 end");
  }

  @Test
  void aBlockLargerThanTheClientsFrameSizeGoesOnInContinuationFrames() throws Exception {
    // 20,000 bytes of 'v' are 17,500 after Huffman coding (7 bits each): a full HEADERS frame and a CONTINUATION.
    ByteBuf frames = encode(20_000, "{}");
    List<String> walked = walk(frames);
    assertThat(walked).hasSize(3);
    assertThat(walked.get(0)).as("HEADERS, full, without END_HEADERS or END_STREAM").isEqualTo("1 0 " + MAX_FRAME);
    assertThat(walked.get(1)).as("CONTINUATION with END_HEADERS").startsWith("9 4 ");
    assertThat(walked.get(2)).isEqualTo("0 1 2");
    assertThat(read(frames)).containsExactly("HEADERS 200 x-long 20000", "DATA {} end");
  }

  @Test
  void endStreamWithoutABodyIsOnTheHeadersFrameEvenWhenItContinues() throws Exception {
    ByteBuf frames = encode(20_000, null);
    assertThat(walk(frames)).extracting(frame -> frame.substring(0, 3)).containsExactly("1 1", "9 4");
    assertThat(read(frames)).containsExactly("HEADERS 200 x-long 20000 end");
  }

  @Test
  void aHeaderListPastTheClientsLimitIsRefusedAndLeavesTheTableAsItWas() throws Exception {
    encoder.configuration().maxHeaderListSize(1_000);
    assertThatThrownBy(() -> encode(2_000, null)).isInstanceOf(Http2Exception.class);
    // A fresh decoder reads the next head: the refused one left nothing in the encoder's table.
    assertThat(read(encode(10, null))).containsExactly("HEADERS 200 x-long 10 end");
  }
}
