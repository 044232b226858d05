package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.logging.RateLimitedLog;
import io.grpc.Status;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open client connections of one listener and turns away those over the limit.
 *
 * <p>A connection over the limit is accepted, answered {@code 503} with a JSON status and
 * {@code Connection: close}, half-closed, and closed once the client closes or a second has
 * passed. Accepting and answering (rather than closing at accept, or leaving it in the backlog)
 * tells a client why, and lets a load balancer retry elsewhere; closing the write side first and
 * draining what the client sent keeps the kernel from answering its request with a reset that
 * would destroy the 503 before the client reads it. Thread safe.
 */
final class ConnectionLimiter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.http");
  static final int REFUSALS_LOGGED_PER_INTERVAL = 10;

  private final int maxConnections;
  private final Supplier<Engine> engines;
  private final AtomicInteger open = new AtomicInteger();
  /** A connection flood is what the limit is for: its refusals must not flood the log in turn. */
  private final RateLimitedLog refusals =
      new RateLimitedLog(LOG, "connections refused at the limit", REFUSALS_LOGGED_PER_INTERVAL, Duration.ofSeconds(10));

  ConnectionLimiter(int maxConnections, Supplier<Engine> engines) {
    this.maxConnections = maxConnections;
    this.engines = engines;
  }

  /** True when {@code ch} may be served; it is then counted until it closes. */
  boolean admit(Channel ch) {
    if (maxConnections > 0 && open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return false;
    }
    if (maxConnections > 0) {
      ch.closeFuture().addListener(f -> open.decrementAndGet());
    }
    return true;
  }

  /**
   * Sets {@code ch} up to answer 503 and close; on an HTTPS listener the pipeline already holds
   * the SslHandler, which sends the answer once the handshake is done.
   */
  void refuse(Channel ch) {
    ch.config().setOption(ChannelOption.AUTO_READ, true);
    ch.pipeline().addLast(new HttpResponseEncoder(), new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        refusals.warn("{}: refused, {} connections are open (the limit)", ctx.channel().remoteAddress(), maxConnections);
        GatewayError error = new GatewayError(503, Status.Code.UNAVAILABLE,
            "too many connections: the gateway serves at most " + maxConnections + " at once; retry later",
            Reasons.TOO_MANY_CONNECTIONS);
        FullHttpResponse response = Responses.error(ctx.alloc(), engines.get().errors(), error);
        HttpUtil.setKeepAlive(response, false);
        LingeringClose.after(ctx.writeAndFlush(response));
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // whatever the client sent is not served
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    });
  }
}
