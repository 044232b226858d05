package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 side of the exchange layer: the {@link ExchangeConnection} of one stream. Sits last
 * in the stream's child channel ({@link Http2Initializer}), after Netty's
 * {@link Http2StreamCodec} (and the compression handlers, when the request asks
 * for them: {@link CompressionSelector}), so the stream speaks
 * the {@code HttpRequest}/{@code HttpContent}/{@code HttpResponse} of HTTP/1.1 and the same
 * {@link Dispatcher}, exchanges and printers serve it. One request per stream, hence no
 * keep-alive and no pipelining; what it holds is only the body read while the route's policies
 * decide (then it reads no more). Runs on the connection's event loop.
 *
 * <p><b>Flow control</b>: the child channel does not read on its own. The request's DATA is
 * delivered (and its window given back to the client) only while the exchange
 * {@link Exchange#readsMore takes more}, so a slow backend stops the client at its stream window.
 * Writability is the stream's: the child is unwritable while more than its high-water mark waits
 * for the client's window, which a streamed response follows.
 *
 * <p><b>Clocks</b>, armed only when needed: a request whose body is not whole after the read that
 * brought its head gets {@code --request-read-timeout} from its head (408, then the stream is
 * reset); a response whose writes wait for the client's flow-control window makes no progress for
 * {@code --http2-send-timeout} and the stream is reset, which frees what was queued for it.
 */
final class Http2StreamHandler extends ChannelConnection {
  private final Dispatcher dispatcher;
  private final RequestGuard guard;
  private final int maxBodyBytes;
  private final long readTimeoutNanos;
  private final long sendTimeoutNanos;
  private final ExchangeRecord record;
  private final ServerOptions options;
  private boolean headRead;
  /** Between the request's head and its last content (handed to the exchange, or dropped). */
  private boolean readingRequest;
  /** The client ended its side of the stream (END_STREAM seen): nothing left to reset for. */
  private boolean bodyEnded;
  private boolean responseStarted;
  private long headAt;
  private ScheduledFuture<?> readTimer;
  /** A task to arm {@link #readTimer} is queued (see {@link #channelReadComplete}). */
  private boolean readClockQueued;
  /** Made by the first write that does not complete at once (most streams have none). */
  private Http2SendClock sendClock;
  /**
   * Body content read while the exchange is being decided (the route's policies call out): handed
   * to the exchange once it is started. No more is read meanwhile, so this holds what one read
   * brought, within the stream's window.
   */
  private final PendingReads held = new PendingReads();

  Http2StreamHandler(Dispatcher dispatcher, RequestGuard guard, ServerOptions options, ExchangeObserver observer,
      CorsPolicy cors, Drain drain) {
    super(drain);
    this.dispatcher = dispatcher;
    this.guard = guard;
    this.options = options;
    this.maxBodyBytes = options.maxBodyBytes();
    this.readTimeoutNanos = options.limits().requestReadTimeout().toNanos();
    this.sendTimeoutNanos = options.protocols().http2().sendTimeout().toNanos();
    this.record = new ExchangeRecord(observer, cors, CompletedExchange.HTTP_2);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      ctx.read(); // the stream's HEADERS
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public boolean http2() {
    return true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    handleRead(msg); // one request per stream: the frame codec never makes a second head
  }

  @Override
  protected boolean readingBody() {
    return readingRequest;
  }

  @Override
  protected void onRequest(HttpRequest request) {
    headRead = true;
    head = request;
    headAt = System.nanoTime();
    readingRequest = true;
    // A HEADERS frame with END_STREAM arrives as a FullHttpRequest: its end is known at its head.
    bodyEnded = request instanceof LastHttpContent;
    awaitingResponse = true;
    drain.started();
    record.begin(request, remoteAddress()); // the connection's peer, for the access log and the trace
    Exception problem = request.decoderResult().isFailure() ? null : guard.check(request);
    if (request.decoderResult().isFailure() || problem != null) {
      fail(DecoderFailures.head(problem != null ? problem : request.decoderResult().cause(), options));
      return;
    }
    dispatcher.dispatch(request, this, record);
  }

  @Override
  protected void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    record.addBytesIn(content.content().readableBytes());
    if (last) {
      readingRequest = false;
      bodyEnded = true;
    }
    if (exchange == null && awaitingResponse && !responseStarted) {
      held.add(content.retain()); // admission is deciding: the exchange gets it once started
      return;
    }
    feed(content, last);
  }

  private void feed(HttpContent content, boolean last) {
    if (exchange == null || !awaitingResponse) {
      return; // answered early: the rest is dropped, and the stream reset once the answer is out
    }
    if (!exchange.addContent(content.content())) {
      exchange.releaseBody();
      exchange = null;
      fail(RequestErrors.tooLarge(maxBodyBytes));
      return;
    }
    if (last) {
      exchange.endOfBody();
    }
  }

  /** A body that could not be decoded (a corrupt or too-compressed one): answered, and the call cancelled. */
  @Override
  protected void onBrokenBody(Throwable cause) {
    readingRequest = false;
    if (exchange != null) {
      Exchange broken = exchange;
      exchange = null;
      broken.abort();
    }
    if (awaitingResponse && !responseStarted) {
      fail(DecoderFailures.body(cause));
    } else if (awaitingResponse) {
      answered();
      record.end(200, Status.Code.CANCELLED, 0, DecoderFailures.body(cause).reason());
      reset(Http2Error.CANCEL); // a bidirectional response already under way
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!headRead || readingRequest && exchange != null && awaitingResponse && exchange.readsMore()) {
      ctx.read();
    }
    if (readingRequest && awaitingResponse && readTimer == null && !readClockQueued && readTimeoutNanos > 0) {
      // Armed only for a body that did not come whole with its head (most do). Decided after the
      // connection's read: a stream's read completes after each frame (it reads on request only),
      // so the DATA that follows the HEADERS in the same read is not in yet. A queued task costs
      // less than a timer scheduled and cancelled for every request with a body.
      readClockQueued = true;
      ctx.executor().execute(this::armReadClock);
    }
    ctx.fireChannelReadComplete();
  }

  private void armReadClock() {
    readClockQueued = false;
    if (readingRequest && awaitingResponse && readTimer == null && ctx.channel().isActive()) {
      readTimer = ctx.executor().schedule(this::readClock, headAt + readTimeoutNanos - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
  }

  private void readClock() {
    readTimer = null;
    if (!readingRequest || !ctx.channel().isActive()) {
      return;
    }
    Exchange late = exchange;
    exchange = null;
    if (late != null) {
      late.abort();
    }
    if (awaitingResponse && !responseStarted) {
      fail(RequestErrors.timeout(readTimeoutNanos));
    } else {
      ctx.close();
    }
  }

  @Override
  protected void onStarted(Exchange started) {
    if (!held.isEmpty()) { // most streams hold nothing: no closures made for them
      handOutHeld(started);
    }
    if (readingRequest) {
      ctx.read(); // in case the exchange was decided outside a read (admission)
    }
  }

  private void handOutHeld(Exchange started) {
    held.handOut(() -> exchange == started, msg -> {
      try {
        feed((HttpContent) msg, msg instanceof LastHttpContent);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    });
  }

  /** HTTP/2 has no WebSocket handshake: an {@code Upgrade} header makes the request malformed first. */
  @Override
  public void upgrade(RoutedRequest request) {
    fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, "WebSocket needs HTTP/1.1", Reasons.MALFORMED_REQUEST));
  }

  @Override
  public void respond(FullHttpResponse response, Status.Code grpcCode, String reason) {
    answered();
    responseStarted = true;
    if (HttpMethod.HEAD.equals(head.method())) {
      // RFC 9110 section 9.3.2: the headers of a GET, without its content (Content-Length kept).
      FullHttpResponse headOnly = response.replace(Unpooled.EMPTY_BUFFER);
      response.release();
      response = headOnly;
    }
    record.addHeaders(response.headers());
    record.end(response.status().code(), grpcCode, response.content().readableBytes(), reason);
    watch(ctx.writeAndFlush(response));
  }

  @Override
  public void fail(GatewayError error) {
    ExchangeLog.outcome(head, error.httpStatus(), error.code(), error.reason(), error.message());
    // In the exchange's own form: REST's JSON, or an RPC protocol's (gRPC-Web trailers, Connect's error).
    respond(record.errorResponse(ctx.alloc(), dispatcher.engine().errors(), error), error.code(), error.reason());
  }

  @Override
  public void beginStream(HttpResponse response) {
    responseStarted = true;
    record.addHeaders(response.headers());
    ctx.write(response);
  }

  @Override
  public void writeChunk(HttpContent chunk) {
    watch(ctx.writeAndFlush(chunk));
  }

  @Override
  public void endStream(LastHttpContent last, Status.Code grpcCode, String reason) {
    answered();
    // Streamed bodies are not counted in bytes out; the status is the head's (200).
    record.end(200, grpcCode, 0, reason);
    watch(ctx.writeAndFlush(last));
  }

  @Override
  public void cutShort(Status.Code grpcCode, String reason) {
    answered();
    record.end(200, grpcCode, 0, reason);
    reset(Http2Error.INTERNAL_ERROR);
  }

  @Override
  public void resumeReading() {
    if (readingRequest) {
      ctx.read();
    }
  }

  @Override
  public void backendClosed(Status.Code code) {
    record.backendClosed(code);
  }

  /** The request needs no more answer: it leaves the drain's count, and what was held for it goes. */
  @Override
  protected void answered() {
    held.releaseAll();
    super.answered();
  }

  /**
   * Follows a write: when it cannot complete at once (the client's window is closed, or the
   * connection's buffer is full), the send clock ({@link Http2SendClock}) runs until every write
   * has; and once the answer
   * is out while the request is not read to its end, the stream is reset with NO_ERROR, which
   * RFC 9113 section 8.1 offers so that the client stops sending a body nobody reads.
   */
  private void watch(ChannelFuture write) {
    if (!write.isDone()) {
      if (sendClock == null) {
        sendClock = new Http2SendClock(ctx, sendTimeoutNanos, this::sendStalled);
      }
      sendClock.follow(write);
    }
    if (!awaitingResponse && !bodyEnded) {
      // Decided when the answer is out: the body's end may have come meanwhile.
      write.addListener(f -> {
        if (!bodyEnded) {
          reset(Http2Error.NO_ERROR);
        }
      });
    }
  }

  /** RST_STREAM with {@code error}, then the child closes, dropping what it holds of the request. */
  private void reset(Http2Error error) {
    if (ctx.channel().isActive()) {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(error));
      ctx.close();
    }
  }

  /** The send clock ran out: {@link Http2SendClock}. */
  private void sendStalled() {
    ExchangeLog.closing(ctx.channel(), "no send progress for " + TimeUnit.NANOSECONDS.toMillis(sendTimeoutNanos)
        + " ms: the client's flow-control window stays closed");
    record.end(200, Status.Code.CANCELLED, 0, Reasons.SEND_TIMEOUT);
    ctx.close(); // RST_STREAM(CANCEL); the writes queued for the stream are released
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof Http2ResetFrame) {
      ctx.close(); // the client cancelled the stream: what it sent and what waits for it goes
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel(readTimer);
    readTimer = null;
    if (sendClock != null) {
      sendClock.stop();
    }
    if (exchange != null) {
      exchange.abort();
    }
    answered();
    record.end(499, Status.Code.CANCELLED, 0, Reasons.CLIENT_CLOSED);
    ctx.fireChannelInactive();
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A stream error (headers that do not convert) or the stream's I/O: the stream is reset.
    ExchangeLog.closing(ctx.channel(), cause);
    ctx.close();
  }
}
