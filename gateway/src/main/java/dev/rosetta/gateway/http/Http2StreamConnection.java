package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 side of the exchange layer: the {@link ExchangeConnection} of one stream, made by
 * {@link Http2Streams} for the stream's first HEADERS frame and handed its frames from then on.
 * Frames become Netty's {@code HttpRequest}/{@code HttpContent} and responses become frames
 * ({@link Http2StreamCodec}), so the same {@link Dispatcher}, exchanges and printers serve a
 * stream as serve HTTP/1.1; when the request asks for compression, both pass through the
 * stream's {@link StreamCompression}. One request per stream, hence no keep-alive and no
 * pipelining. Writes go to the connection's send flow ({@link Http2SendFlow}), flushes to its
 * {@link Http2Codec} through {@link Http2Streams}; on the connection's event loop.
 *
 * <p><b>Flow control</b>: a DATA frame is handed to the exchange (and its bytes given back to
 * the client's window) only while the exchange {@link Exchange#readsMore takes more}, and not
 * while the route's policies decide; until then it waits here, so a slow backend stops the client
 * at its stream window, which also bounds what waits. Writability is the stream's: the send
 * flow's ({@link Http2SendFlow#isWritable}), which a streamed response follows.
 *
 * <p><b>Clocks</b>, armed only when needed: a request whose body is not whole after the read that
 * brought its head gets {@code --request-read-timeout} from its head (408, then the stream is
 * reset); a response whose writes wait for the client's flow-control window makes no progress for
 * {@code --http2-send-timeout} and the stream is reset, which frees what was queued for it.
 */
final class Http2StreamConnection extends ChannelConnection {
  private final Http2Streams streams;
  private final Http2Initializer shared;
  private final Http2StreamState stream;
  /** False for the stream of an {@code Upgrade: h2c}, whose body came over HTTP/1.1, outside flow control. */
  private final boolean flowControlled;
  private final ExchangeRecord record;
  private boolean responseStarted;
  /** The stream is over (ended, reset by either side, or its connection closed): nothing more goes out. */
  private boolean closed;
  private long headAt;
  private ScheduledFuture<?> readTimer;
  /** Made by the first write that does not complete at once (most streams have none). */
  private Http2SendClock sendClock;
  /** Null unless the request asks for compression either way. */
  private StreamCompression compression;
  /**
   * The body's contents (DATA frames, and trailers) received and not yet handed to the exchange:
   * while it is being decided, or takes no more. Their bytes stay out of the client's window
   * meanwhile, so the stream's window bounds this.
   */
  private final PendingReads unread = new PendingReads();
  /** The end of a body that came with its head, read while the exchange is being decided. */
  private final PendingReads held = new PendingReads();

  Http2StreamConnection(Http2Streams streams, Http2Initializer shared, ChannelHandlerContext ctx,
      Http2StreamState stream, boolean flowControlled) {
    super(shared.drain());
    this.streams = streams;
    this.shared = shared;
    this.stream = stream;
    this.flowControlled = flowControlled;
    this.record = new ExchangeRecord(shared.observer(), shared.cors(), CompletedExchange.HTTP_2);
    bind(ctx);
  }

  @Override
  public boolean http2() {
    return true;
  }

  @Override
  public boolean isWritable() {
    return !closed && streams.isWritable(stream);
  }

  /** The stream's first HEADERS frame: the request's head. */
  void onHead(Http2Headers headers, boolean endOfStream) {
    HttpRequest request = Http2StreamCodec.request(headers, endOfStream);
    compression = shared.compressionFor(request);
    pass(request);
  }

  /** A later HEADERS frame, which ends the stream: the request's trailers. */
  void onTrailers(Http2Headers headers) {
    receive(Http2StreamCodec.trailers(headers));
  }

  /** A DATA frame's bytes (this stream's to release). */
  void onData(ByteBuf data, boolean endOfStream) {
    receive(Http2StreamCodec.content(data, endOfStream));
  }

  private void receive(HttpContent content) {
    if (closed) {
      content.release();
      return;
    }
    if (unread.isEmpty() && takesBody()) {
      take(content); // the common case: nothing waits, and the exchange takes it
      return;
    }
    unread.add(content);
    handOut();
  }

  /** Hands the contents waiting to the exchange while it takes them. */
  private void handOut() {
    if (!unread.isEmpty()) { // most streams have none waiting: no closures made for them
      unread.handOut(this::takesBody, content -> take((HttpContent) content));
    }
  }

  /**
   * Passes a content of the body on, and gives its bytes back to the client's window
   * ({@link Http2Streams#consumed} sends WINDOW_UPDATE once enough are). A closed stream's bytes go back to the connection's
   * window with its close.
   */
  private void take(HttpContent content) {
    int bytes = content.content().readableBytes();
    pass(content);
    if (bytes > 0 && flowControlled && !closed) {
      streams.consumed(stream, bytes);
    }
  }

  /** Whether body content goes to the exchange now. */
  private boolean takesBody() {
    return readingRequest && exchange != null && awaitingResponse && exchange.readsMore();
  }

  /** A part of the request to its step, through the decompressor when there is one. */
  private void pass(HttpObject msg) {
    if (compression == null) {
      handleRead(msg);
    } else {
      compression.inbound(msg, this::handleRead);
    }
  }

  @Override
  protected void onRequest(HttpRequest request) {
    head = request;
    headAt = System.nanoTime();
    readingRequest = true;
    awaitingResponse = true;
    drain.started();
    record.begin(request, remoteAddress()); // the connection's peer, for the access log and the trace
    if (!stream.remoteEnded && shared.readTimeoutNanos() > 0) {
      // Armed only for a body that did not come whole with its head (most do). Decided at the end
      // of the connection's read ({@link #readComplete}): the DATA that follows the HEADERS in the
      // same read is not in yet.
      streams.afterRead(this);
    }
    Exception problem = request.decoderResult().isFailure() ? null : shared.guard().check(request);
    if (request.decoderResult().isFailure() || problem != null) {
      fail(DecoderFailures.head(problem != null ? problem : request.decoderResult().cause(), shared.options()));
      return;
    }
    shared.dispatcher().dispatch(request, this, record);
  }

  @Override
  protected void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    record.addBytesIn(content.content().readableBytes());
    if (last) {
      readingRequest = false;
    }
    if (exchange == null && awaitingResponse && !responseStarted) {
      // The head's own end (HEADERS with END_STREAM) while admission decides; DATA frames wait
      // in {@link #unread} instead.
      held.add(content.retain());
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
      fail(RequestErrors.tooLarge(shared.options().maxBodyBytes()));
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

  /** The connection's read that brought the head is over: the read clock runs if the body is still to come. */
  void readComplete() {
    if (readingRequest && awaitingResponse && readTimer == null && !closed) {
      readTimer = ctx.executor().schedule(this::readClock, headAt + shared.readTimeoutNanos() - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
  }

  private void readClock() {
    readTimer = null;
    if (!readingRequest || closed) {
      return;
    }
    Exchange late = exchange;
    exchange = null;
    if (late != null) {
      late.abort();
    }
    if (awaitingResponse && !responseStarted) {
      fail(RequestErrors.timeout(shared.readTimeoutNanos()));
    } else {
      reset(Http2Error.CANCEL);
    }
  }

  /** The exchange runs: what was received while it was being decided goes to it. */
  @Override
  protected void onStarted(Exchange started) {
    if (!held.isEmpty()) { // most streams hold nothing: no closures made for them
      held.handOut(() -> exchange == started, msg -> {
        try {
          feed((HttpContent) msg, msg instanceof LastHttpContent);
        } finally {
          ReferenceCountUtil.release(msg);
        }
      });
    }
    handOut();
  }

  /** The request needs no more answer: it leaves the drain's count, and what was held for it goes. */
  @Override
  protected void answered() {
    held.releaseAll();
    super.answered();
  }

  /** HTTP/2 has no WebSocket handshake: an {@code Upgrade} header makes the request malformed first. */
  @Override
  public void upgrade(RoutedRequest request) {
    fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, "WebSocket needs HTTP/1.1", Reasons.MALFORMED_REQUEST));
  }

  @Override
  protected void sendContinue() {
    sendAndFlush(Responses.continue100());
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
    watch(sendAndFlush(response));
  }

  @Override
  public void fail(GatewayError error) {
    ExchangeLog.outcome(head, error.httpStatus(), error.code(), error.reason(), error.message());
    // In the exchange's own form: REST's JSON, or an RPC protocol's (gRPC-Web trailers, Connect's error).
    respond(record.errorResponse(ctx.alloc(), shared.dispatcher().engine().errors(), error), error.code(),
        error.reason());
  }

  @Override
  public void beginStream(HttpResponse response) {
    responseStarted = true;
    record.addHeaders(response.headers());
    send(response);
  }

  @Override
  public void writeChunk(HttpContent chunk) {
    watch(sendAndFlush(chunk));
  }

  @Override
  public void endStream(LastHttpContent last, Status.Code grpcCode, String reason) {
    answered();
    // Streamed bodies are not counted in bytes out; the status is the head's (200).
    record.end(200, grpcCode, 0, reason);
    watch(sendAndFlush(last));
  }

  @Override
  public void cutShort(Status.Code grpcCode, String reason) {
    answered();
    record.end(200, grpcCode, 0, reason);
    reset(Http2Error.INTERNAL_ERROR);
  }

  @Override
  public void resumeReading() {
    handOut();
  }

  @Override
  public void backendClosed(Status.Code code) {
    record.backendClosed(code);
  }

  private ChannelFuture sendAndFlush(HttpObject msg) {
    ChannelFuture sent = send(msg);
    streams.flush();
    return sent;
  }

  /** A part of the response as frames of this stream (through the compressor when there is one), not flushed. */
  private ChannelFuture send(HttpObject msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
      return ctx.newFailedFuture(new IllegalStateException("stream " + stream.id + " is closed"));
    }
    return Http2StreamCodec.encode(ctx, streams.sendFlow(), stream, msg, compression);
  }

  /**
   * Follows a write: when it cannot complete at once (the client's window is closed, or the
   * connection's buffer is full), the send clock ({@link Http2SendClock}) runs until every write
   * has; and once the answer is out while the request is not read to its end, the stream is reset
   * with NO_ERROR, which RFC 9113 section 8.1 offers so that the client stops sending a body
   * nobody reads.
   */
  private void watch(ChannelFuture write) {
    if (!write.isDone()) {
      if (sendClock == null) {
        sendClock = new Http2SendClock(ctx, shared.sendTimeoutNanos(), this::sendStalled);
      }
      sendClock.follow(write);
    }
    if (!awaitingResponse && !stream.remoteEnded) {
      // Decided when the answer is out: the body's end may have come meanwhile.
      write.addListener(f -> {
        if (!stream.remoteEnded) {
          reset(Http2Error.NO_ERROR);
        }
      });
    }
  }

  /** RST_STREAM with {@code error}, then the stream is over: what it holds of the request goes. */
  private void reset(Http2Error error) {
    if (closed) {
      return;
    }
    streams.reset(stream.id, error);
    closed();
  }

  /** The send clock ran out: {@link Http2SendClock}. */
  private void sendStalled() {
    ExchangeLog.closing(ctx.channel(), "stream " + stream.id + ": no send progress for "
        + TimeUnit.NANOSECONDS.toMillis(shared.sendTimeoutNanos())
        + " ms: the client's flow-control window stays closed");
    record.end(200, Status.Code.CANCELLED, 0, Reasons.SEND_TIMEOUT);
    reset(Http2Error.CANCEL); // the writes queued for the stream are released
  }

  /** The send flow changed the stream's writability. */
  void writabilityChanged() {
    if (exchange != null) {
      exchange.writabilityChanged();
    }
  }

  /**
   * The stream is over: it ended both ways, either side reset it, or the connection closed. A
   * request still unanswered was given up by the client (499); what was received for it goes.
   * Idempotent: called from {@link #reset} and again by {@link Http2Streams}' close.
   */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
    if (sendClock != null) {
      sendClock.stop();
    }
    if (exchange != null) {
      exchange.abort();
    }
    answered();
    record.end(499, Status.Code.CANCELLED, 0, Reasons.CLIENT_CLOSED);
    unread.releaseAll();
    if (compression != null) {
      compression.close();
    }
  }
}
