package dev.rosetta.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * An HTTP/2 stream's frames as Netty's HTTP/1 objects and back, so that the {@link Dispatcher},
 * the exchanges and the printers serve a stream as they serve an HTTP/1.1 request. Used by each
 * stream's {@link Http2StreamConnection}; stateless.
 *
 * <p>In place of Netty's {@code Http2StreamFrameToHttpObjectCodec}, which costs more per request
 * than HTTP/1.1's whole codec (issue 14): it adds three bookkeeping headers to every request
 * ({@code x-http2-stream-id}, {@code -scheme}, {@code -path}) that the handler had to remove again,
 * allocates a content buffer for a body-less request, copies every response header name into a
 * new lower-cased string and a map of the {@code Connection} header's tokens, and writes a
 * response's frames through a promise combiner. This one builds the request's headers once from
 * the HPACK-decoded ones and the response's {@link Http2Headers} straight from the response,
 * with the same translation (RFC 9113 section 8.2.2 and 8.2.3):
 * <ul>
 *   <li>request: {@code :authority} becomes {@code Host}; other pseudo-header fields go (the
 *       method and path make the request line); {@code cookie} fields are joined with {@code "; "};
 *       a body without {@code Content-Length} is marked {@code Transfer-Encoding: chunked}, as the
 *       HTTP/1.1 objects expect. Netty's frame codec has already refused connection-specific
 *       fields and malformed pseudo-header fields.
 *   <li>response: names lower-cased; connection-specific fields ({@code Connection} and those it
 *       names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding},
 *       {@code Upgrade}) dropped; trailer fields of a last content in a trailing HEADERS frame.
 * </ul>
 */
final class Http2StreamCodec {
  private Http2StreamCodec() {
  }

  /** A DATA frame's content; it changes hands (nothing to retain or release). */
  static HttpContent decode(Http2DataFrame frame) {
    return frame.isEndStream() ? new DefaultLastHttpContent(frame.content()) : new DefaultHttpContent(frame.content());
  }

  /** A stream's first HEADERS frame: the request's head. */
  static HttpRequest request(Http2HeadersFrame frame) throws Http2Exception {
    Http2Headers in = frame.headers();
    CharSequence method = in.method();
    CharSequence path = in.path();
    if (method == null || path == null) {
      throw Http2Exception.streamError(frame.stream() == null ? 0 : frame.stream().id(), Http2Error.PROTOCOL_ERROR,
          "a request without :method or :path");
    }
    HttpMethod httpMethod = HttpMethod.valueOf(method.toString());
    HttpRequest request = frame.isEndStream()
        ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, httpMethod, path.toString(), Unpooled.EMPTY_BUFFER)
        : new DefaultHttpRequest(HttpVersion.HTTP_1_1, httpMethod, path.toString());
    HttpHeaders out = request.headers();
    copyFields(in, out);
    if (!frame.isEndStream() && !out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      out.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return request;
  }

  /** A second HEADERS frame, which ends the stream: the request's trailers. */
  static LastHttpContent trailers(Http2HeadersFrame frame) {
    Http2Headers in = frame.headers();
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    copyFields(in, last.trailingHeaders());
    return last;
  }

  private static void copyFields(Http2Headers in, HttpHeaders out) {
    StringBuilder cookies = null;
    for (var field : in) {
      CharSequence name = field.getKey();
      if (name.length() > 0 && name.charAt(0) == ':') {
        if (Http2Headers.PseudoHeaderName.AUTHORITY.value().contentEquals(name)) {
          out.add(HttpHeaderNames.HOST, field.getValue());
        }
      } else if (HttpHeaderNames.COOKIE.contentEquals(name)) {
        // RFC 9113 section 8.2.3: split cookies are joined again for an HTTP/1.1 reader.
        cookies = cookies == null ? new StringBuilder() : cookies.append("; ");
        cookies.append(field.getValue());
      } else {
        out.add(name, field.getValue());
      }
    }
    if (cookies != null) {
      out.add(HttpHeaderNames.COOKIE, cookies.toString());
    }
  }

  /**
   * A response's head, content or trailers as frames of {@code stream}, written to {@code ctx}
   * (the frame codec's next handler) but not flushed. A whole response is one or two frames, with
   * {@code promise} on the last (a failed HEADERS fails the stream, so the frames after it too).
   */
  static void encode(ChannelHandlerContext ctx, Http2FrameStream stream, HttpObject msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      boolean whole = response instanceof FullHttpMessage;
      if (whole && response.status().code() == 100) {
        // An interim response (100-continue): a HEADERS frame that does not end the stream.
        ((FullHttpMessage) response).release();
        ctx.write(new DefaultHttp2HeadersFrame(Http2ResponseHeaders.of(response), false).stream(stream), promise);
        return;
      }
      boolean endsHere = whole && !((FullHttpMessage) response).content().isReadable()
          && ((FullHttpMessage) response).trailingHeaders().isEmpty();
      Http2HeadersFrame head = new DefaultHttp2HeadersFrame(Http2ResponseHeaders.of(response), endsHere).stream(stream);
      if (!whole) {
        ctx.write(head, promise);
        return;
      }
      if (endsHere) {
        ((FullHttpMessage) response).release();
        ctx.write(head, promise);
        return;
      }
      ctx.write(head);
      encodeLast((FullHttpMessage) response, ctx, stream, promise);
    } else if (msg instanceof LastHttpContent last) {
      encodeLast(last, ctx, stream, promise);
    } else if (msg instanceof HttpContent content) {
      ctx.write(new DefaultHttp2DataFrame(content.content(), false).stream(stream), promise);
    } else {
      ReferenceCountUtil.release(msg);
      promise.setFailure(new IllegalArgumentException("not an HTTP/2 response part: " + msg));
    }
  }

  /**
   * The end of a response: its content in a DATA frame (an empty one that ends the stream when it
   * has neither content nor trailers), then its trailers in a HEADERS frame that ends it.
   */
  private static void encodeLast(LastHttpContent last, ChannelHandlerContext ctx, Http2FrameStream stream,
      ChannelPromise promise) {
    HttpHeaders trailers = last.trailingHeaders();
    if (trailers.isEmpty()) {
      ctx.write(new DefaultHttp2DataFrame(last.content(), true).stream(stream), promise);
      return;
    }
    if (last.content().isReadable()) {
      ctx.write(new DefaultHttp2DataFrame(last.content(), false).stream(stream));
    } else {
      last.release();
    }
    ctx.write(new DefaultHttp2HeadersFrame(Http2ResponseHeaders.trailers(trailers), true).stream(stream), promise);
  }
}
