package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One streaming RPC over a WebSocket connection (docs/streaming.md): the WebSocket front end and
 * its exchange in one. Sits last in the pipeline after Netty's frame decoder, encoder and
 * {@code WebSocketFrameAggregator}, in the place of the {@link Http1ConnectionHandler} that
 * answered the handshake; its call starts from the {@link RoutedRequest} the {@link Dispatcher}
 * made (metadata, request id, deadline), through {@link CallStart}, like every exchange's.
 *
 * <p>Each text frame in is one JSON request message, bound as a request body of the route
 * (path variables and query parameters merged in, {@link RequestMessage}); an empty text frame
 * half-closes the request stream. A server-streaming method's one request is bound from the path
 * and query at once. Each response message goes out as one text frame, printed by the
 * {@link ResponsePrinter} ({@code google.api.HttpBody} responses as binary frames of their data).
 * The call's status ends the connection as a close frame ({@link WebSocketClose}); a close from
 * the client cancels the call.
 *
 * <p><b>Backpressure</b> both ways: the socket is read only while the call takes messages
 * without queueing ({@code isReady}), and the backend is asked for one message at a time, the
 * next only while the channel is writable. Event-loop confined.
 */
final class WebSocketExchange extends ChannelInboundHandlerAdapter implements BackendCall.Listener {
  private final RoutedRequest routed;
  private ChannelHandlerContext ctx;
  private BackendCall call;
  private boolean rawResponses;
  private boolean requestClosed;
  private boolean demandPending;
  private boolean finished;
  /** The session is counted in the drain from the handover until its connection closes. */
  private Drain drain;

  WebSocketExchange(RoutedRequest routed, Drain drain) {
    this.routed = routed;
    this.drain = drain;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    drain.started();
    rawResponses = ResponsePrinter.isRaw(routed.route());
    try {
      if (routed.route().method().isClientStreaming()) {
        call = CallStart.start(routed, ctx.executor(), this, 1);
      } else {
        // One request message, from the path and query as for a GET; frames after it are ignored.
        requestClosed = true;
        call = CallStart.startWith(routed, ctx.executor(), this, 1, RequestMessage.bind(routed, null, null));
      }
    } catch (ExchangeException e) {
      finished = true;
      close(WebSocketClose.of(status(e.error())));
      return;
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
        onRequestMessage(text.content());
      } else if (msg instanceof CloseWebSocketFrame close) {
        finished = true;
        call.cancel("WebSocket client closed the connection");
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? WebSocketClose.NORMAL : close.statusCode(), ""))
            .addListener(ChannelFutureListener.CLOSE);
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof BinaryWebSocketFrame binary && RawBody.takesRawBody(routed.route())) {
        onRequestMessage(binary.content()); // an HttpBody request: the frame's bytes are its data
      } else if (msg instanceof BinaryWebSocketFrame) {
        fail(Status.INVALID_ARGUMENT.withDescription("binary frames are not accepted: send JSON text frames"),
            "binary frame");
      }
      // Pong frames, and the HTTP request's empty last content, are dropped.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequestMessage(ByteBuf json) {
    if (requestClosed) {
      return;
    }
    if (!json.isReadable()) {
      requestClosed = true;
      call.halfClose();
      return;
    }
    try {
      CallStart.send(call, RequestMessage.bind(routed, json, null));
    } catch (ExchangeException e) {
      fail(status(e.error()), "refused a message of the request stream: " + e.error().reason());
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
      ctx.read();
    }
  }

  @Override
  public void onHeaders(Metadata headers) {}

  @Override
  public void onMessage(byte[] wire) {
    if (finished) {
      return;
    }
    WebSocketFrame frame;
    try {
      frame = rawResponses
          ? new BinaryWebSocketFrame(ResponsePrinter.data(ResponsePrinter.raw(routed, wire)))
          : new TextWebSocketFrame(ResponsePrinter.json(routed, ctx.alloc(), wire));
    } catch (ExchangeException e) {
      fail(status(e.error()), "response conversion");
      return;
    }
    ctx.writeAndFlush(frame);
    if (ctx.channel().isWritable()) {
      call.request(1);
    } else {
      demandPending = true;
    }
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
    status = ResponsePrinter.backendStatus(routed, status);
    if (!status.isOk()) {
      ExchangeLog.outcome(routed.request(), 101, status.getCode(), null, status.getDescription());
    }
    close(WebSocketClose.of(status));
  }

  /** The gateway ends the call: cancel the backend, tell the client why. */
  private void fail(Status status, String why) {
    finished = true;
    call.cancel(why);
    close(WebSocketClose.of(status));
  }

  /** A gateway error as the status a close frame carries: the same code and message. */
  private static Status status(GatewayError error) {
    return Status.fromCode(error.code()).withDescription(error.message());
  }

  private void close(WebSocketClose close) {
    // The gateway closes the TCP connection once its close frame is out (RFC 6455 7.1.1 lets the
    // server close first); the client's own close frame is not awaited.
    ctx.writeAndFlush(new CloseWebSocketFrame(close.code(), close.reason())).addListener(ChannelFutureListener.CLOSE);
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
    ExchangeLog.closing(ctx.channel().remoteAddress(), cause);
    if (!finished && call != null) {
      finished = true;
      call.cancel("WebSocket connection failed");
    }
    ctx.close();
  }
}
