package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.ResponseBody;
import com.google.api.HttpBody;
import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The response side of a server-streaming (or bidirectional) call over HTTP, written through the
 * connection as one streamed response in a {@link StreamFormat} (or, for {@code google.api.HttpBody}
 * messages, as raw bytes); each message printed by the {@link ResponsePrinter}.
 *
 * <p><b>Headers wait</b> for the first message, the call's end or the first SSE heartbeat: until
 * then an error still gets its own HTTP status and JSON body. Afterwards an error is written
 * inside the stream by the framing, and a raw download is cut short without its last chunk (so the
 * client sees a truncated transfer, never a complete-looking one).
 *
 * <p><b>Backpressure</b>: the call asks the backend for one message at a time, and for the next
 * only while the connection is writable ({@link StreamDemand}); the backend's own flow control
 * does the rest. Each message is flushed when written. Event-loop confined.
 */
final class ResponseStream implements StreamedResponse {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final StreamFormat format;
  private final boolean raw;
  private final Duration heartbeat;
  private BackendCall call;
  private Metadata headers;
  private boolean headWritten;
  private long sent;
  private final StreamDemand demand;
  private boolean done;
  private ScheduledFuture<?> heartbeatTask;

  ResponseStream(RoutedRequest routed, ExchangeConnection conn, StreamOptions options) {
    this.routed = routed;
    this.conn = conn;
    this.raw = ResponsePrinter.isRaw(routed.route());
    this.format = StreamFormat.forAccept(routed.request().headers().get(HttpHeaderNames.ACCEPT), options.defaultFormat());
    this.heartbeat = raw || format != StreamFormat.SSE ? Duration.ZERO : options.sseHeartbeat();
    this.demand = new StreamDemand(conn);
  }

  /** Starts the heartbeat; called once the call is under way. */
  @Override
  public void attach(BackendCall call) {
    this.call = call;
    if (!heartbeat.isZero()) {
      long millis = heartbeat.toMillis();
      heartbeatTask = conn.executor().scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  @Override
  public void onMessage(byte[] wire) {
    if (done) {
      return;
    }
    ByteBuf out;
    String contentType = format.contentType();
    try {
      if (raw) {
        HttpBody body = ResponsePrinter.raw(routed, wire);
        contentType = ResponsePrinter.contentType(body);
        out = ResponsePrinter.data(body);
      } else {
        out = frame(wire);
      }
    } catch (ExchangeException e) {
      fail(e.error());
      return;
    }
    if (!headWritten) {
      writeHead(contentType);
    }
    sent++;
    conn.writeChunk(new DefaultHttpContent(out));
    demand.written(call);
  }

  /** One message in the stream's framing (the framing's start before the first). */
  private ByteBuf frame(byte[] wire) throws ExchangeException {
    ByteBuf out = ResponsePrinter.jsonBuffer(conn.alloc(), wire);
    try {
      if (!headWritten) {
        format.begin(out);
      }
      format.beforeMessage(out, sent == 0);
      ResponsePrinter.json(routed, wire, out);
      format.afterMessage(out);
      return out;
    } catch (ExchangeException e) {
      out.release();
      throw e;
    }
  }

  @Override
  public void writabilityChanged() {
    if (!done) {
      demand.writabilityChanged(call);
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (!done) {
      conn.backendClosed(status.getCode());
      finish(ResponsePrinter.backendStatus(routed, status), trailers, null);
    }
  }

  /**
   * The gateway ends the stream with {@code error}: cancels the call, and answers with the error
   * before the head is written, or writes it into the stream after.
   */
  @Override
  public void fail(GatewayError error) {
    if (done) {
      return;
    }
    done = true; // first: the cancel may close the call at once, and its CANCELLED is not the answer
    if (call != null) {
      call.cancel("the gateway ended the stream: " + error.reason());
    }
    if (!headWritten) {
      stopHeartbeat();
      conn.fail(error);
      return;
    }
    finish(Status.fromCode(error.code()).withDescription(error.message()), null, error.reason());
  }

  /** @param reason the gateway's tag when the gateway ends the stream; null when the backend did */
  private void finish(Status status, Metadata trailers, String reason) {
    done = true;
    stopHeartbeat();
    if (!headWritten) {
      if (status.isOk()) {
        conn.respond(emptyResponse(trailers), Status.Code.OK, null);
      } else {
        FullHttpResponse error = ResponsePrinter.error(routed, conn.alloc(), status, headers, trailers);
        ExchangeLog.outcome(routed.request(), error.status().code(), status.getCode(), reason, status.getDescription());
        conn.respond(error, status.getCode(), reason);
      }
      return;
    }
    if (!status.isOk()) {
      ExchangeLog.outcome(routed.request(), 200, status.getCode(), reason,
          "stream ended after " + sent + " messages: " + status.getDescription());
      if (raw) {
        // Raw bytes have no place for an error: cut the transfer short so it cannot pass as complete.
        conn.cutShort(status.getCode(), reason);
        return;
      }
    }
    ByteBuf out = conn.alloc().buffer(status.isOk() ? 8 : 160);
    if (!raw) {
      if (!status.isOk()) {
        ByteBuf error = ResponsePrinter.errorBody(routed, conn.alloc(), status, trailers);
        try {
          format.error(out, sent == 0, error);
        } finally {
          error.release();
        }
      }
      format.end(out);
    }
    LastHttpContent last = new DefaultLastHttpContent(out);
    ResponsePrinter.trailers(trailers, last.trailingHeaders());
    conn.endStream(last, status.getCode(), reason);
  }

  /** A stream that ended well before its first message: an empty stream, with its length. */
  private FullHttpResponse emptyResponse(Metadata trailers) {
    ByteBuf out = conn.alloc().buffer(2);
    if (!raw) {
      format.begin(out);
      format.end(out);
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, raw ? ResponsePrinter.OCTET_STREAM : format.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, out.readableBytes());
    ResponsePrinter.metadata(routed, headers, trailers, response);
    return response;
  }

  private void writeHead(String contentType) {
    headWritten = true;
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (format == StreamFormat.SSE && !raw) {
      head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    }
    // Asks buffering reverse proxies (nginx) to pass each chunk on as it comes.
    head.headers().set("X-Accel-Buffering", "no");
    ResponsePrinter.headers(headers, head.headers());
    conn.beginStream(head);
  }

  private void beat() {
    if (done) {
      stopHeartbeat();
      return;
    }
    if (!conn.isWritable()) {
      return; // data is waiting to go out anyway
    }
    ByteBuf out = conn.alloc().buffer(8);
    if (!headWritten) {
      // An idle stream must show life before its first message: commit to 200 now; a later error
      // goes into the stream as an SSE error event.
      writeHead(format.contentType());
      format.begin(out);
    }
    StreamFormat.heartbeat(out);
    conn.writeChunk(new DefaultHttpContent(out));
  }

  @Override
  public void abort() {
    done = true;
    stopHeartbeat();
    if (call != null) {
      call.cancel("HTTP client closed the connection");
    }
  }

  private void stopHeartbeat() {
    if (heartbeatTask != null) {
      heartbeatTask.cancel(false);
      heartbeatTask = null;
    }
  }
}
