package dev.rosetta.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Answers the two echo routes of the grpc-gateway example the way the whole chain (gateway and
 * echo backend) would, last in the pipeline after {@code HttpServerCodec} and an aggregator:
 *
 * <ul>
 *   <li>{@code POST /v1/example/echo/{id}} → {@code {"id":"<id>"}};
 *   <li>{@code POST /v1/example/echo_body} with {@code {"id":"..."}} → the same JSON back (the
 *       backend echoes the message and the benchmark's bodies are already in canonical form, so
 *       the body is returned as is: the floor does no JSON work at all).
 * </ul>
 *
 * Anything else is a 404. No logging, no allocation beyond the response buffer.
 */
final class FloorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String ECHO = "/v1/example/echo/";
  private static final String ECHO_BODY = "/v1/example/echo_body";

  FloorHandler() {
    super(false); // the request's content may become the response's
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String uri = request.uri();
    ByteBuf body;
    HttpResponseStatus status = HttpResponseStatus.OK;
    if (uri.equals(ECHO_BODY)) {
      body = request.content();
    } else if (uri.startsWith(ECHO) && uri.indexOf('/', ECHO.length()) < 0) {
      request.release();
      String id = uri.substring(ECHO.length());
      body = ctx.alloc().buffer(id.length() + 10);
      body.writeBytes(OPEN);
      ByteBufUtil.writeAscii(body, id);
      body.writeBytes(CLOSE);
    } else {
      request.release();
      status = HttpResponseStatus.NOT_FOUND;
      body = ctx.alloc().buffer(2).writeBytes(EMPTY);
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static final byte[] OPEN = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
