package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
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
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/2 stream's frames (as Netty's decoder reads them, and as its encoder writes them) as
 * Netty's HTTP/1 objects and back, so that the {@link Dispatcher},
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
 *       HTTP/1.1 objects expect. Netty's HPACK decoder has already refused connection-specific
 *       fields and malformed pseudo-header fields, {@link Http2RequestRules} a head without them.
 *   <li>response: names lower-cased; connection-specific fields ({@code Connection} and those it
 *       names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding},
 *       {@code Upgrade}) dropped; trailer fields of a last content in a trailing HEADERS frame.
 * </ul>
 */
final class Http2StreamCodec {
  private Http2StreamCodec() {
  }

  /** A DATA frame's bytes as content; they change hands (nothing to retain or release). */
  static HttpContent content(ByteBuf data, boolean endOfStream) {
    return endOfStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data);
  }

  /**
   * A stream's first HEADERS frame: the request's head. It has {@code :method} and {@code :path}
   * ({@link Http2RequestRules#head}; an {@code Upgrade: h2c} request has them from its request line).
   */
  static HttpRequest request(Http2Headers in, boolean endOfStream) {
    CharSequence path = in.path();
    HttpMethod httpMethod = HttpMethod.valueOf(in.method().toString());
    HttpRequest request = endOfStream
        ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, httpMethod, path.toString(), Unpooled.EMPTY_BUFFER)
        : new DefaultHttpRequest(HttpVersion.HTTP_1_1, httpMethod, path.toString());
    HttpHeaders out = request.headers();
    copyFields(in, out);
    if (!endOfStream && !out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      out.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return request;
  }

  /** A second HEADERS frame, which ends the stream: the request's trailers. */
  static LastHttpContent trailers(Http2Headers in) {
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
   * {@code msg} as frames of {@code stream} ({@link #encode}), through {@code compression}
   * unless it is null (the stream's compressor may make several parts of it, or none yet); not
   * flushed. The future is the last part's.
   */
  static ChannelFuture encode(ChannelHandlerContext ctx, Http2SendFlow frames, Http2StreamState stream, HttpObject msg,
      StreamCompression compression) {
    ChannelPromise promise = ctx.newPromise();
    if (compression == null) {
      encode(ctx, frames, stream, msg, promise);
      return promise;
    }
    List<Object> parts = new ArrayList<>(3);
    compression.outbound(msg, parts::add);
    if (parts.isEmpty()) {
      return promise.setSuccess();
    }
    for (int i = 0; i < parts.size(); i++) {
      encode(ctx, frames, stream, (HttpObject) parts.get(i), i == parts.size() - 1 ? promise : ctx.newPromise());
    }
    return promise;
  }

  /**
   * A response's head, content or trailers as frames of {@code stream}, written through
   * {@code frames} (the connection's send flow) but not flushed. A whole response
   * is one or two frames, with {@code promise} on the last (a failed HEADERS fails the stream, so
   * the frames after it too).
   */
  static void encode(ChannelHandlerContext ctx, Http2SendFlow frames, Http2StreamState stream, HttpObject msg,
      ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      boolean whole = response instanceof FullHttpMessage;
      if (whole && response.status().code() == 100) {
        // An interim response (100-continue): a HEADERS frame that does not end the stream.
        ((FullHttpMessage) response).release();
        frames.writeHeaders(stream, Http2ResponseHeaders.of(response), false, promise);
        return;
      }
      boolean endsHere = whole && !((FullHttpMessage) response).content().isReadable()
          && ((FullHttpMessage) response).trailingHeaders().isEmpty();
      Http2Headers head = Http2ResponseHeaders.of(response);
      if (!whole) {
        frames.writeHeaders(stream, head, false, promise);
        return;
      }
      if (endsHere) {
        ((FullHttpMessage) response).release();
        frames.writeHeaders(stream, head, true, promise);
        return;
      }
      FullHttpMessage full = (FullHttpMessage) response;
      if (full.trailingHeaders().isEmpty()) {
        frames.writeWhole(stream, head, full.content(), promise);
        return;
      }
      frames.writeHeaders(stream, head, false, ctx.newPromise());
      encodeLast(full, ctx, frames, stream, promise);
    } else if (msg instanceof LastHttpContent last) {
      encodeLast(last, ctx, frames, stream, promise);
    } else if (msg instanceof HttpContent content) {
      frames.writeData(stream, content.content(), false, promise);
    } else {
      ReferenceCountUtil.release(msg);
      promise.setFailure(new IllegalArgumentException("not an HTTP/2 response part: " + msg));
    }
  }

  /**
   * The end of a response: its content in a DATA frame (an empty one that ends the stream when it
   * has neither content nor trailers), then its trailers in a HEADERS frame that ends it.
   */
  private static void encodeLast(LastHttpContent last, ChannelHandlerContext ctx, Http2SendFlow frames,
      Http2StreamState stream, ChannelPromise promise) {
    HttpHeaders trailers = last.trailingHeaders();
    if (trailers.isEmpty()) {
      frames.writeData(stream, last.content(), true, promise);
      return;
    }
    if (last.content().isReadable()) {
      frames.writeData(stream, last.content(), false, ctx.newPromise());
    } else {
      last.release();
    }
    frames.writeHeaders(stream, Http2ResponseHeaders.trailers(trailers), true, promise);
  }
}
