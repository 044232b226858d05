package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.ResponseBody;
import com.google.api.HttpBody;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The response side of a server-streaming call, written as one chunked HTTP response in a
 * {@link StreamFormat} (or, for {@code google.api.HttpBody} messages, as raw bytes).
 *
 * <p><b>Headers wait</b> for the first message, the call's end or the first SSE heartbeat: until
 * then an error still gets its own HTTP status and JSON body. Afterwards an error is written
 * inside the stream by the framing, and a raw download is cut off without its last chunk (so the
 * client sees a truncated transfer, never a complete-looking one).
 *
 * <p><b>Backpressure</b>: the call asks the backend for one message at a time, and for the next
 * only while the channel is writable (below Netty's write-buffer high-water mark); otherwise it
 * waits for {@link #writabilityChanged}. What the gateway holds per stream is then bounded by the
 * write buffer's high-water mark, one message and the gRPC flow-control window; the backend's
 * own flow control does the rest. Each message is flushed when written. Event-loop confined.
 */
final class ResponseStream {
  private static final String HTTP_BODY = "google.api.HttpBody";

  private final ExchangeContext x;
  private final StreamFormat format;
  private final boolean raw;
  private final Duration heartbeat;
  private BackendCall call;
  private Metadata headers;
  private boolean headWritten;
  private long sent;
  private boolean demandPending;
  private boolean done;
  private ScheduledFuture<?> heartbeatTask;

  ResponseStream(ExchangeContext x, StreamOptions options) {
    this.x = x;
    Route route = x.route();
    this.raw = route.responseBodyField() == null && route.method().getOutputType().getFullName().equals(HTTP_BODY);
    this.format = StreamFormat.forAccept(x.request().headers().get(HttpHeaderNames.ACCEPT), options.defaultFormat());
    this.heartbeat = raw || format != StreamFormat.SSE ? Duration.ZERO : options.sseHeartbeat();
  }

  /** Starts the heartbeat; called once the call is under way. */
  void attach(BackendCall call) {
    this.call = call;
    if (!heartbeat.isZero()) {
      long millis = heartbeat.toMillis();
      heartbeatTask = x.ctx().executor().scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  long sent() {
    return sent;
  }

  void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  void onMessage(byte[] wire) {
    if (done) {
      return;
    }
    ByteBuf out;
    String contentType = format.contentType();
    try {
      if (raw) {
        HttpBody body = HttpBody.parseFrom(wire);
        contentType = body.getContentType().isEmpty() ? "application/octet-stream" : body.getContentType();
        out = Unpooled.wrappedBuffer(body.getData().asReadOnlyByteBuffer());
      } else {
        out = x.ctx().alloc().buffer(Math.max(64, wire.length * 2));
        print(wire, out);
      }
    } catch (CodecException | InvalidProtocolBufferException | RuntimeException e) {
      x.owner().log().warn("{} {}: cannot convert a streamed message: {}", x.request().method(), x.request().uri(),
          e.getMessage());
      call.cancel("gateway cannot convert the response stream");
      finish(Status.INTERNAL.withDescription("cannot convert the backend response to JSON"), null);
      return;
    }
    if (!headWritten) {
      writeHead(contentType);
    }
    sent++;
    x.ctx().writeAndFlush(new DefaultHttpContent(out));
    if (x.ctx().channel().isWritable()) {
      call.request(1);
    } else {
      demandPending = true;
    }
  }

  private void print(byte[] wire, ByteBuf out) throws CodecException {
    if (!headWritten) {
      format.begin(out);
    }
    format.beforeMessage(out, sent == 0);
    ResponseBody.print(x.engine().codec(), x.route(), wire, out);
    format.afterMessage(out);
  }

  void writabilityChanged() {
    if (!done && demandPending && x.ctx().channel().isWritable()) {
      demandPending = false;
      call.request(1);
    }
  }

  void onClose(Status status, Metadata trailers) {
    if (!done) {
      finish(status, trailers);
    }
  }

  private void finish(Status status, Metadata trailers) {
    done = true;
    stopHeartbeat();
    if (!headWritten) {
      x.owner().respond(x.ctx(), status.isOk() ? emptyResponse(trailers) : SingleResponse.error(x, status, headers, trailers),
          status.getCode());
      return;
    }
    if (!status.isOk()) {
      x.owner().log().info("{} {} -> stream ended with {} after {} messages: {}", x.request().method(),
          x.request().uri(), status.getCode(), sent, status.getDescription());
      if (raw) {
        // Raw bytes have no place for an error: cut the transfer short so it cannot pass as complete.
        x.ctx().close();
        return;
      }
    }
    ByteBuf out = x.ctx().alloc().buffer(status.isOk() ? 8 : 160);
    if (!raw) {
      if (!status.isOk()) {
        ByteBuf error = x.ctx().alloc().buffer(128);
        try {
          x.engine().errors().write(status, trailers, error);
          format.error(out, sent == 0, error);
        } finally {
          error.release();
        }
      }
      format.end(out);
    }
    LastHttpContent last = new DefaultLastHttpContent(out);
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", last.trailingHeaders());
    ChannelFuture written = x.ctx().writeAndFlush(last);
    x.owner().endStream(x.ctx(), written);
  }

  /** A stream that ended well before its first message: an empty stream, with its length. */
  private FullHttpResponse emptyResponse(Metadata trailers) {
    ByteBuf out = x.ctx().alloc().buffer(2);
    if (!raw) {
      format.begin(out);
      format.end(out);
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, raw ? "application/octet-stream" : format.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, out.readableBytes());
    MetadataMapper.toHeaders(headers, "Grpc-Metadata-", response.headers());
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", response.headers());
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
    HttpUtil.setTransferEncodingChunked(head, true);
    MetadataMapper.toHeaders(headers, "Grpc-Metadata-", head.headers());
    x.owner().beginStream(head);
    x.ctx().write(head);
  }

  private void beat() {
    if (done || !x.ctx().channel().isActive()) {
      stopHeartbeat();
      return;
    }
    if (!x.ctx().channel().isWritable()) {
      return; // data is waiting to go out anyway
    }
    ByteBuf out = x.ctx().alloc().buffer(8);
    if (!headWritten) {
      // An idle stream must show life before its first message: commit to 200 now; a later error
      // goes into the stream as an SSE error event.
      writeHead(format.contentType());
      format.begin(out);
    }
    StreamFormat.heartbeat(out);
    x.ctx().writeAndFlush(new DefaultHttpContent(out));
  }

  /** The client went away: stop the backend (it sees CANCELLED). */
  void abort() {
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
