package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import javax.net.ssl.SSLException;

/**
 * HTTP/2 or HTTP/1.1 on a TLS listener, as the client chose by ALPN ({@link TlsContexts} offers
 * {@code h2} and {@code http/1.1}): {@code h2} turns the connection to HTTP/2
 * ({@link Http2Initializer}); anything else, or no ALPN at all, keeps the HTTP/1.1 handlers that
 * are already in place. Sits right after the SslHandler and leaves once the handshake is done.
 */
final class AlpnNegotiation extends ApplicationProtocolNegotiationHandler {
  private final Http2Initializer http2;

  AlpnNegotiation(Http2Initializer http2) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.http2 = http2;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      http2.switchTo(ctx);
    }
  }

  /** A failed handshake is the client's business (Netty's handler logs it at WARN). */
  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      super.exceptionCaught(ctx, cause); // handshakeFailure, then this handler leaves
      return;
    }
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause); // a reset during the handshake
    ctx.close();
  }
}
