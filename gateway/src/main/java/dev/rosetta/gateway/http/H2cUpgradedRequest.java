package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request of an {@code Upgrade: h2c} ({@link H2cUpgrade}), read whole over HTTP/1.1, on its
 * way to becoming stream 1 of the connection ({@link Http2Streams#openUpgraded}), half closed
 * (remote) from the start; its body took no part in HTTP/2's flow control.
 *
 * <p>It is served once the client's connection preface has been read, not at once. RFC 9113
 * lets the server answer when it likes, and the JDK's HttpClient (17.0.15 here) loses, now and
 * then, HTTP/2 frames that reach it right behind the 101, before it has turned to HTTP/2
 * itself: the gateway wrote and flushed the whole answer, and the client waited until the
 * connection's idle timeout closed it (1 to 10 of 800 fresh upgrades with both cores busy;
 * none in 1,600 with the answer held until the preface, which the client sends once it has
 * turned). A client that never sends its preface is cut off after {@code --request-read-timeout}.
 * One per connection that upgraded, on its event loop.
 */
final class H2cUpgradedRequest {
  private final Http2Streams streams;
  private final ChannelHandlerContext ctx;
  private FullHttpRequest waiting;
  private ScheduledFuture<?> prefaceTimer;

  H2cUpgradedRequest(Http2Streams streams, ChannelHandlerContext ctx) {
    this.streams = streams;
    this.ctx = ctx;
  }

  /** The upgrade is done: served now if the preface is in, else held until it is. */
  void upgraded(FullHttpRequest request, boolean prefaceReceived, long readTimeoutNanos) {
    if (prefaceReceived) {
      serve(request);
      return;
    }
    waiting = request.retain();
    if (readTimeoutNanos > 0) {
      prefaceTimer = ctx.executor().schedule(() -> {
        if (waiting != null) {
          ExchangeLog.closing(ctx.channel(), "no HTTP/2 connection preface after the 101");
          ctx.close();
        }
      }, readTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The client's first SETTINGS: its connection preface is in, and the held request is served. */
  void prefaceReceived() {
    FullHttpRequest request = waiting;
    if (request == null) {
      return;
    }
    waiting = null;
    if (prefaceTimer != null) {
      prefaceTimer.cancel(false);
    }
    try {
      serve(request);
    } finally {
      request.release();
    }
  }

  /** The connection is gone: a request still held goes. */
  void connectionClosed() {
    if (waiting != null) {
      waiting.release();
      waiting = null;
    }
    if (prefaceTimer != null) {
      prefaceTimer.cancel(false);
    }
  }

  private void serve(FullHttpRequest request) {
    Http2Headers headers;
    try {
      // As Netty's frame codec does: the fields an HTTP/2 request would carry, without Upgrade,
      // HTTP2-Settings, Connection and what it names; the scheme is the plain listener's.
      request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
      headers = HttpConversionUtil.toHttp2Headers(request, true);
    } catch (RuntimeException e) {
      ExchangeLog.closing(ctx.channel(), e);
      streams.reset(Http2Streams.UPGRADE_STREAM, Http2Error.PROTOCOL_ERROR);
      return;
    }
    streams.openUpgraded(headers, request.content());
  }
}
