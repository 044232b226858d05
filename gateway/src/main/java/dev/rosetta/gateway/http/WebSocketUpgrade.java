package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;

/**
 * Turns a {@code GET} with {@code Upgrade: websocket} on a streaming RPC's route into a
 * WebSocket call: the handshake is answered from the request head (there is no aggregator in the
 * pipeline, and a handshake has no body), Netty's frame decoder and encoder take the HTTP codec's
 * place, continuation frames are assembled up to {@code --max-body-size}, and a
 * {@link WebSocketExchange} replaces the {@link Http1ConnectionHandler} for the rest of the
 * connection. The route lookup and refusal serve the {@link Dispatcher}; the handshake is
 * HTTP/1.1's alone.
 */
final class WebSocketUpgrade {
  private WebSocketUpgrade() {}

  static boolean isUpgrade(HttpRequest request) {
    return HttpMethod.GET.equals(request.method())
        && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * The route of an upgrade: the {@code GET} route of the path if it is streaming, else the first
   * streaming route of the path under another method (a bidirectional method is usually a POST).
   */
  static RouteLookup lookup(RouteTable routes, String path) {
    RouteLookup get = routes.match("GET", path);
    if (get instanceof RouteLookup.Found found && Exchanges.isStreaming(found.match().route())) {
      return get;
    }
    RouteLookup unary = get instanceof RouteLookup.Found ? get : null;
    // No route has the method "": this lists every method the path has routes under.
    if (routes.match("", path) instanceof RouteLookup.MethodNotAllowed others) {
      for (String method : new java.util.TreeSet<>(others.allowed())) {
        if (routes.match(method, path) instanceof RouteLookup.Found found) {
          if (Exchanges.isStreaming(found.match().route())) {
            return found;
          }
          unary = unary == null ? found : unary;
        }
      }
    }
    // A unary route is returned to be refused with a reason (400) rather than a bare 405.
    return unary != null ? unary : get;
  }

  /** Why the route cannot be served over WebSocket; null when it can. */
  static GatewayError refusal(Route route) {
    if (Exchanges.isStreaming(route)) {
      return null;
    }
    return GatewayError.of(Status.Code.INVALID_ARGUMENT,
        "WebSocket is served on streaming methods only; " + route + " is unary", Reasons.WEBSOCKET_UNARY);
  }

  /**
   * Answers the handshake, with the request id and CORS headers of {@code record} in the 101 that
   * ends its exchange, and hands the connection over to a {@link WebSocketExchange} counted in
   * {@code drain}.
   */
  static void upgrade(ChannelHandlerContext ctx, RoutedRequest routed, ExchangeRecord record, int maxMessageBytes,
      Drain drain) {
    HttpHeaders responseHeaders = new DefaultHttpHeaders();
    record.addHeaders(responseHeaders);
    record.end(101, Status.Code.OK, 0, null);
    HttpRequest head = routed.request();
    // The SslHandler by class, not by name (GatewayInitializer names it "tls"). Only the handshake
    // that predates RFC 6455 (Netty's V00) sends this URL back, as (Sec-)WebSocket-Location.
    String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
    String url = scheme + head.headers().get(HttpHeaderNames.HOST, "localhost") + head.uri();
    WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessageBytes)
        .allowExtensions(false)
        .build();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, decoder).newHandshaker(head);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    FullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
        Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE);
    ChannelPipeline pipeline = ctx.pipeline();
    // The handshake puts the frame decoder and encoder before the HTTP codec, and removes the
    // codec once the 101 is written.
    handshaker.handshake(ctx.channel(), full, responseHeaders, ctx.channel().newPromise()).addListener(done -> {
      if (!done.isSuccess()) {
        ctx.channel().close();
      }
    });
    pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
    pipeline.replace(ctx.name(), "websocket", new WebSocketExchange(routed, drain));
  }
}
