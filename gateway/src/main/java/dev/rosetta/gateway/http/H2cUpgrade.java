package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;

/**
 * h2c by {@code Upgrade: h2c} (RFC 7540 section 3.2; curl's {@code --http2} and the JDK client on
 * {@code http://} URLs) on a plain listener: Netty's upgrade handler with its HTTP/2 codec. The 101
 * goes out, HTTP/1.1's handlers leave, and the request is answered on stream 1 by an
 * {@link Http2StreamConnection} like any other stream.
 *
 * <p>Only the connection's first request may upgrade. Its body must be held whole before the
 * switch (it becomes stream 1's), so an upgrade is taken only with a body of a declared length up
 * to {@link #MAX_BODY} (the JDK client's first request is often a POST, and a client whose
 * upgrade is declined keeps to HTTP/1.1 with that server); any other upgrade request is served
 * on HTTP/1.1, as RFC 7540 lets a server do. A WebSocket upgrade is not this handler's and goes
 * on to the {@link Dispatcher}. Sits after the HTTP/1.1 decoder and encoder, and leaves after
 * the first request.
 */
final class H2cUpgrade extends HttpServerUpgradeHandler {
  /** The largest body an upgrade request may carry: what one connection may make the gateway hold here. */
  static final int MAX_BODY = 64 << 10;

  private final int maxBody;

  H2cUpgrade(Http2Initializer http2, int maxBodyBytes) {
    super(ctx -> GatewayInitializer.removeHttp1(ctx.pipeline(), ctx.name()),
        protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? http2.upgradeCodec() : null,
        Math.min(MAX_BODY, maxBodyBytes), DefaultHttpHeadersFactory.headersFactory(),
        DefaultHttpHeadersFactory.trailersFactory(), true);
    this.maxBody = Math.min(MAX_BODY, maxBodyBytes);
  }

  /** An h2c upgrade whose whole body is declared and small; anything else stays HTTP/1.1. */
  @Override
  protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
    return request.decoderResult().isSuccess()
        && request.headers().containsValue(HttpHeaderNames.UPGRADE, Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, true)
        && !HttpUtil.isTransferEncodingChunked(request)
        && HttpUtil.getContentLength(request, 0L) <= maxBody;
  }
}
