package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Http2StreamCodec}: the frames Netty's decoder reads for a stream become the HTTP/1
 * objects the exchange layer reads, and the responses it writes become frames (written by Netty's
 * frame writer to an {@link EmbeddedChannel}, and read back by its frame reader), with RFC 9113's
 * translation of the header fields.
 */
class Http2StreamCodecTest {
  static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  static Http2Headers requestHead(String method, String path) {
    return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("api.example:8080");
  }

  /** The frames written, as "HEADERS end=false [:status=200, content-type=...]" and "DATA 'body' end=true". */
  static List<String> frames(Outbound stream) {
    ByteBuf bytes = Unpooled.buffer();
    for (ByteBuf written; (written = stream.readOutbound()) != null; ) {
      bytes.writeBytes(written);
      written.release();
    }
    List<String> out = new ArrayList<>();
    try {
      while (bytes.isReadable()) {
        stream.reader.readFrame(stream.pipeline().firstContext(), bytes, new Http2FrameAdapter() {
          @Override
          public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
              boolean endOfStream) {
            List<String> fields = new ArrayList<>();
            headers.forEach(f -> fields.add(f.getKey() + "=" + f.getValue()));
            out.add("HEADERS end=" + endOfStream + " " + fields);
          }

          @Override
          public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
            out.add("DATA '" + data.toString(StandardCharsets.UTF_8) + "' end=" + end);
            return 0;
          }
        });
      }
    } catch (Http2Exception e) {
      throw new AssertionError(e);
    } finally {
      bytes.release();
    }
    return out;
  }

  /** Decodes frames as {@link Http2Streams} does: a stream's first HEADERS is the head, a later one trailers. */
  static final class Inbound {
    private final ArrayDeque<Object> decoded = new ArrayDeque<>();
    private boolean headSeen;

    void writeInbound(Object frame) {
      if (frame instanceof Http2HeadersFrame headers) {
        decoded.add(headSeen ? Http2StreamCodec.trailers(headers.headers())
            : Http2StreamCodec.request(headers.headers(), headers.isEndStream()));
        headSeen = true;
      } else {
        Http2DataFrame data = (Http2DataFrame) frame;
        decoded.add(Http2StreamCodec.content(data.content(), data.isEndStream()));
      }
    }

    @SuppressWarnings("unchecked")
    <T> T readInbound() {
      return (T) decoded.poll();
    }

    boolean finish() {
      return !decoded.isEmpty();
    }
  }

  /** Encodes responses onto an embedded channel with Netty's frame writer; its outbound holds the frames' bytes. */
  static final class Outbound extends EmbeddedChannel {
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();

    Outbound() {
      super(new ChannelInboundHandlerAdapter());
    }

    /** Stream 3, with the default windows, on a connection that has no other stream. */
    private final Http2StreamState stream = new Http2StreamState(3, 0, Http2SendFlow.DEFAULT_WINDOW);
    private Http2SendFlow flow;

    @Override
    public boolean writeOutbound(Object... msgs) {
      if (flow == null) {
        flow = new Http2SendFlow(writer, new DefaultHttp2HeadersEncoder(), new Http2SendFlow.Streams() {
          @Override
          public void localEnded(Http2StreamState ended) {
          }

          @Override
          public void forEachOpen(java.util.function.Consumer<Http2StreamState> action) {
            action.accept(stream);
          }

          @Override
          public void headersRefused(Http2StreamState refused, Http2Exception cause) {
            throw new AssertionError(cause);
          }
        }, pipeline().firstContext());
      }
      for (Object msg : msgs) {
        Http2StreamCodec.encode(pipeline().firstContext(), flow, stream, (HttpObject) msg, newPromise());
      }
      flushOutbound();
      return true;
    }
  }

  @Test
  void aRequestHeadBecomesAnHttpRequestWithHostAndJoinedCookiesAndNoBookkeepingFields() {
    Inbound stream = new Inbound();
    Http2Headers head = requestHead("POST", "/v1/things?x=1").add("cookie", "a=1").add("cookie", "b=2")
        .add("content-type", "application/json");
    stream.writeInbound(new DefaultHttp2HeadersFrame(head, false));
    HttpRequest request = stream.readInbound();
    assertThat(request).isNotInstanceOf(FullHttpRequest.class);
    assertThat(request.method().name()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/v1/things?x=1");
    assertThat(request.headers().get("host")).isEqualTo("api.example:8080");
    assertThat(request.headers().getAll("cookie")).containsExactly("a=1; b=2");
    assertThat(request.headers().get("transfer-encoding")).as("a body of unknown length").isEqualTo("chunked");
    assertThat(request.headers().names()).noneMatch(name -> name.startsWith(":") || name.startsWith("x-http2"));

    stream.writeInbound(new DefaultHttp2DataFrame(text("{\"a\":"), false));
    stream.writeInbound(new DefaultHttp2DataFrame(text("1}"), true));
    HttpContent first = stream.readInbound();
    LastHttpContent last = stream.readInbound();
    assertThat(first).isNotInstanceOf(LastHttpContent.class);
    assertThat(first.content().toString(StandardCharsets.UTF_8) + last.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
    first.release();
    last.release();
    assertThat(stream.finish()).isFalse();
  }

  @Test
  void headersThatEndTheStreamAreAWholeRequestWithoutTransferEncoding() {
    Inbound stream = new Inbound();
    stream.writeInbound(new DefaultHttp2HeadersFrame(requestHead("GET", "/v1/things/1"), true));
    FullHttpRequest request = stream.readInbound();
    assertThat(request.content().readableBytes()).isZero();
    assertThat(request.headers().contains("transfer-encoding")).isFalse();
    request.release();
  }

  @Test
  void aBodyWithAContentLengthIsNotMarkedChunked() {
    Inbound stream = new Inbound();
    stream.writeInbound(new DefaultHttp2HeadersFrame(requestHead("POST", "/v1/x").add("content-length", "2"), false));
    HttpRequest request = stream.readInbound();
    assertThat(request.headers().contains("transfer-encoding")).isFalse();
  }

  @Test
  void requestTrailersAreTheLastContentsTrailingHeaders() {
    Inbound stream = new Inbound();
    stream.writeInbound(new DefaultHttp2HeadersFrame(requestHead("POST", "/v1/x"), false));
    stream.readInbound();
    stream.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-checksum", "abc"), true));
    LastHttpContent last = stream.readInbound();
    assertThat(last.trailingHeaders().get("x-checksum")).isEqualTo("abc");
  }

  @Test
  void aWholeResponseIsOneHeadersAndOneDataFrameThatEndsTheStream() {
    Outbound stream = new Outbound();
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, text("{}"));
    response.headers().add("Content-Type", "application/json").add("Grpc-Metadata-Foo", "bar")
        .add("Connection", "close, x-hop").add("x-hop", "1").add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked");
    stream.writeOutbound(response);
    assertThat(frames(stream)).containsExactly(
        "HEADERS end=false [:status=200, content-type=application/json, grpc-metadata-foo=bar]",
        "DATA '{}' end=true");
    assertThat(response.refCnt()).as("the content went with the DATA frame").isZero();
  }

  @Test
  void aResponseWithoutContentEndsTheStreamWithItsHeaders() {
    Outbound stream = new Outbound();
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    stream.writeOutbound(response);
    assertThat(frames(stream)).containsExactly("HEADERS end=true [:status=204]");
    assertThat(response.refCnt()).isZero();
  }

  @Test
  void aWholeResponseWithTrailersEndsWithATrailingHeadersFrame() {
    Outbound stream = new Outbound();
    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, text("x"));
    response.trailingHeaders().add("Grpc-Trailer-Foo", "1");
    stream.writeOutbound(response);
    assertThat(frames(stream)).containsExactly("HEADERS end=false [:status=200]", "DATA 'x' end=false",
        "HEADERS end=true [grpc-trailer-foo=1]");
  }

  @Test
  void aStreamedResponseIsItsHeadThenDataThenTrailers() {
    Outbound stream = new Outbound();
    stream.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    stream.writeOutbound(new DefaultHttpContent(text("a")));
    LastHttpContent end = new DefaultLastHttpContent();
    end.trailingHeaders().add("grpc-status", "0");
    stream.writeOutbound(end);
    stream.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    stream.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(frames(stream)).containsExactly("HEADERS end=false [:status=200]", "DATA 'a' end=false",
        "HEADERS end=true [grpc-status=0]", "HEADERS end=false [:status=200]", "DATA '' end=true");
  }

  @Test
  void aHundredContinueIsAnInterimHeadersFrame() {
    Outbound stream = new Outbound();
    stream.writeOutbound(Responses.continue100());
    assertThat(frames(stream)).containsExactly("HEADERS end=false [:status=100]");
  }
}
