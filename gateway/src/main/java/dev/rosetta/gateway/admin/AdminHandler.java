package dev.rosetta.gateway.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Last in the admin pipeline, after the HTTP codec and a small aggregator: answers one admin
 * request at a time. Endpoints that may take time run on the admin worker thread; the answer is
 * written from there (Netty hands the write to the event loop).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final AdminEndpoints endpoints;
  private final Executor worker;

  AdminHandler(AdminEndpoints endpoints, Executor worker) {
    this.endpoints = endpoints;
    this.worker = worker;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      write(ctx, AdminResponse.text(400, "malformed request\n"), false);
      return;
    }
    String uri = request.uri();
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String method = request.method().name();
    if (AdminEndpoints.isQuick(path)) {
      write(ctx, endpoints.answer(method, path), keepAlive);
      return;
    }
    try {
      worker.execute(() -> write(ctx, endpoints.answer(method, path), keepAlive));
    } catch (RejectedExecutionException e) {
      write(ctx, AdminResponse.text(503, "shutting down\n"), false);
    }
  }

  private static void write(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
