package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/** What every exchange starts from: the connection, the engine, the matched request. */
record ExchangeContext(
    ChannelHandlerContext ctx,
    Engine engine,
    ExchangeHandler owner,
    RouteMatch match,
    String rawQuery,
    HttpRequest request,
    Metadata requestHeaders,
    long timeoutNanos) {

  Route route() {
    return match.route();
  }

  GatewayError noBackend() {
    return GatewayError.of(Status.Code.UNIMPLEMENTED,
        "no backend serves " + route().method().getService().getFullName(), Reasons.NO_BACKEND);
  }
}
