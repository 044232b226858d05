package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * Refuses request heads that Netty's decoder lets through but a front-end proxy must not:
 * ambiguous framing (request smuggling, RFC 9112 section 6.3), too many header fields, and
 * request targets with bytes outside visible ASCII. Sits between {@link RequestDecoder} and
 * {@link Http1ConnectionHandler}.
 *
 * <p>It does not answer itself: it marks the request's decoder result as failed, so
 * {@link Http1ConnectionHandler} answers it like any malformed request (400, or 431 for the header
 * count, as a JSON status) and closes the connection, because after a framing error nobody can
 * tell where the next request starts.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
  private final int maxHeaders;

  RequestGuard(int maxHeaders) {
    this.maxHeaders = maxHeaders;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
      Exception problem = check(request);
      if (problem != null) {
        request.setDecoderResult(DecoderResult.failure(problem));
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** What is wrong with the request's head, or null. */
  Exception check(HttpRequest request) {
    HttpHeaders headers = request.headers();
    if (headers.size() > maxHeaders) {
      return new RequestHeadException(431, "too many header fields: " + headers.size() + ", the limit is " + maxHeaders);
    }
    String target = badTargetByte(request.uri());
    if (target != null) {
      return malformed("request target contains " + target);
    }
    List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> contentLengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (!transferEncodings.isEmpty()) {
      if (!contentLengths.isEmpty()) {
        // RFC 9112 section 6.1 lets a server drop Content-Length here; a proxy that does so lets
        // the two framings disagree between hops, so refuse.
        return malformed("both Transfer-Encoding and Content-Length are present");
      }
      if (transferEncodings.size() != 1
          || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(transferEncodings.get(0).trim())) {
        return malformed("unsupported Transfer-Encoding \"" + String.join(", ", transferEncodings)
            + "\": only chunked is accepted");
      }
    }
    if (contentLengths.size() > 1) {
      return malformed("more than one Content-Length");
    }
    return null;
  }

  private static RequestHeadException malformed(String problem) {
    return new RequestHeadException(400, "malformed HTTP request: " + problem);
  }

  /** Describes the first byte of a request target that is not visible ASCII, or null. */
  private static String badTargetByte(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return String.format("the byte 0x%02x at offset %d; send it percent-encoded", (int) c & 0xff, i);
      }
    }
    return null;
  }
}
