package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.ResponseBody;
import com.google.api.HttpBody;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One streaming RPC over a WebSocket connection (docs/streaming.md). Sits last in the pipeline
 * after Netty's frame decoder, encoder and {@code WebSocketFrameAggregator}, in the place of the
 * {@link ExchangeHandler}.
 *
 * <p>Each text frame in is one JSON request message, bound as a request body of the route
 * (path variables and query parameters merged in); an empty text frame half-closes the request
 * stream. A server-streaming method's one request is bound from the path and query at once. Each
 * response message goes out as one text frame ({@code google.api.HttpBody} responses as binary
 * frames of their data). The call's status ends the connection as a close frame
 * ({@link WebSocketClose}); a close from the client cancels the call.
 *
 * <p><b>Backpressure</b> both ways: the socket is read only while the call takes messages
 * without queueing ({@code isReady}), and the backend is asked for one message at a time, the
 * next only while the channel is writable. Event-loop confined.
 */
final class WebSocketExchange extends ChannelInboundHandlerAdapter implements BackendCall.Listener {
  private final ExchangeContext upgrade;
  private ExchangeContext x;
  private BackendCall call;
  private boolean rawResponses;
  private boolean requestClosed;
  private boolean demandPending;
  private boolean finished;
  /** The session is counted in the drain from the handover until its connection closes. */
  private Drain drain;

  WebSocketExchange(ExchangeContext upgrade) {
    this.upgrade = upgrade;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ExchangeContext u = upgrade;
    drain = u.owner().drain();
    drain.started();
    x = new ExchangeContext(ctx, u.engine(), u.owner(), u.match(), u.rawQuery(), u.request(), u.requestHeaders(),
        u.timeoutNanos());
    Route route = x.route();
    rawResponses = route.responseBodyField() == null
        && route.method().getOutputType().getFullName().equals("google.api.HttpBody");
    call = Exchanges.start(x, this, 1);
    if (call == null) {
      finished = true;
      close(WebSocketClose.of(Status.UNIMPLEMENTED.withDescription(x.noBackend().message())));
      return;
    }
    if (!route.method().isClientStreaming()) {
      // One request message, from the path and query as for a GET; frames after it are ignored.
      requestClosed = true;
      try {
        call.send(x.engine().binder().bind(x.match(), x.rawQuery(), null));
        call.halfClose();
      } catch (BindException e) {
        fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), "bad request");
        return;
      }
    }
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (finished) {
        return;
      }
      if (msg instanceof TextWebSocketFrame text) {
        onText(text.content());
      } else if (msg instanceof CloseWebSocketFrame close) {
        finished = true;
        call.cancel("WebSocket client closed the connection");
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? WebSocketClose.NORMAL : close.statusCode(), ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof BinaryWebSocketFrame binary && RawBody.takesRawBody(x.route())) {
        onText(binary.content()); // an HttpBody request: the frame's bytes are its data
      } else if (msg instanceof BinaryWebSocketFrame) {
        fail(Status.INVALID_ARGUMENT.withDescription("binary frames are not accepted: send JSON text frames"),
            "binary frame");
      }
      // Pong frames, and the HTTP request's empty last content, are dropped.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onText(ByteBuf json) {
    if (requestClosed) {
      return;
    }
    if (!json.isReadable()) {
      requestClosed = true;
      call.halfClose();
      return;
    }
    try {
      call.send(x.engine().binder().bind(x.match(), x.rawQuery(), json));
    } catch (BindException e) {
      fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), "bad message in the request stream");
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readIfReady();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void onReady() {
    readIfReady();
  }

  /** Reads on while the call takes messages; once the request side is closed, only control frames come. */
  private void readIfReady() {
    if (!finished && (requestClosed || call.isReady())) {
      x.ctx().read();
    }
  }

  @Override
  public void onHeaders(Metadata headers) {}

  @Override
  public void onMessage(byte[] wire) {
    if (finished) {
      return;
    }
    ChannelHandlerContext ctx = x.ctx();
    Object frame;
    try {
      frame = rawResponses ? rawFrame(wire) : new TextWebSocketFrame(print(wire));
    } catch (CodecException | InvalidProtocolBufferException | RuntimeException e) {
      x.owner().log().warn("WebSocket {}: cannot convert a streamed message: {}", x.request().uri(), e.getMessage());
      fail(Status.INTERNAL.withDescription("cannot convert the backend response to JSON"), "response conversion");
      return;
    }
    ctx.writeAndFlush(frame);
    if (ctx.channel().isWritable()) {
      call.request(1);
    } else {
      demandPending = true;
    }
  }

  private ByteBuf print(byte[] wire) throws CodecException {
    ByteBuf out = x.ctx().alloc().buffer(Math.max(64, wire.length * 2));
    try {
      ResponseBody.print(x.engine().codec(), x.route(), wire, out);
      return out;
    } catch (CodecException | RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static BinaryWebSocketFrame rawFrame(byte[] wire) throws InvalidProtocolBufferException {
    return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(HttpBody.parseFrom(wire).getData().asReadOnlyByteBuffer()));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!finished && demandPending && ctx.channel().isWritable()) {
      demandPending = false;
      call.request(1);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (finished) {
      return;
    }
    finished = true;
    if (!status.isOk()) {
      x.owner().log().info("WebSocket {} -> {}: {}", x.request().uri(), status.getCode(), status.getDescription());
    }
    close(WebSocketClose.of(status));
  }

  /** The gateway ends the call: cancel the backend, tell the client why. */
  private void fail(Status status, String why) {
    finished = true;
    call.cancel(why);
    close(WebSocketClose.of(status));
  }

  private void close(WebSocketClose close) {
    // The gateway closes the TCP connection once its close frame is out (RFC 6455 7.1.1 lets the
    // server close first); the client's own close frame is not awaited.
    x.ctx().writeAndFlush(new CloseWebSocketFrame(close.code(), close.reason())).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished && call != null) {
      finished = true;
      call.cancel("WebSocket client went away");
    }
    if (drain != null) {
      drain.finished();
      drain = null;
    }
    ctx.fireChannelInactive();
  }

  /** The drain timeout passed with the session still open: 1001, as RFC 6455 7.4.1 names a server going down. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == Drain.GOING_AWAY && !finished) {
      finished = true;
      call.cancel("the gateway is shutting down");
      close(new WebSocketClose(WebSocketClose.GOING_AWAY, "going away"));
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException && !finished && call != null) {
      finished = true;
      call.cancel("WebSocket message too big");
      close(new WebSocketClose(WebSocketClose.MESSAGE_TOO_BIG,
          WebSocketClose.truncate("a message is larger than the limit of --max-body-size")));
      return;
    }
    x.owner().log().debug("closing WebSocket {}: {}", ctx.channel().remoteAddress(), cause.toString());
    if (!finished && call != null) {
      finished = true;
      call.cancel("WebSocket connection failed");
    }
    ctx.close();
  }
}
