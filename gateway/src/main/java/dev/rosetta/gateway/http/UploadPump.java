package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.bind.JsonSplitter;
import dev.rosetta.gateway.bind.RawBody;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * The request side of a client-streaming call over one HTTP body: a JSON array
 * ({@code application/json}) or NDJSON ({@code application/x-ndjson}) cut into elements as it
 * arrives; each element is bound like a unary body (path variables and query parameters merged
 * into every message) and sent at once. The exchange reads the socket only while the call
 * {@link #readsMore is ready}, so the upload moves at the backend's pace and never sits in memory
 * whole. Event-loop confined.
 */
final class UploadPump implements AutoCloseable {
  private final ExchangeContext x;
  /** Null for an HttpBody upload, whose chunks go out as they come. */
  private final JsonSplitter splitter;
  private final String contentType;
  private BackendCall call;
  private long rawMessages;

  UploadPump(ExchangeContext x, int maxMessageBytes) {
    this.x = x;
    this.contentType = x.request().headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (RawBody.takesRawBody(x.route())) {
      // Each chunk of the body (at most the HTTP codec's chunk size, 64 KiB) becomes one
      // HttpBody message: a download-sized upload never sits in memory whole.
      this.splitter = null;
      return;
    }
    JsonSplitter.Framing framing = Exchanges.isNdjson(x.request().headers().get(HttpHeaderNames.CONTENT_TYPE))
        ? JsonSplitter.Framing.LINES : JsonSplitter.Framing.ARRAY;
    this.splitter = new JsonSplitter(framing, maxMessageBytes, x.ctx().alloc());
  }

  void attach(BackendCall call) {
    this.call = call;
  }

  boolean readsMore() {
    return call != null && call.isReady();
  }

  /** Sends every message completed by {@code chunk}. */
  void feed(ByteBuf chunk) throws BindException {
    if (splitter == null) {
      rawMessages++;
      call.send(x.engine().binder().bind(x.match(), x.rawQuery(), chunk, contentType));
      return;
    }
    splitter.feed(chunk, this::sendElement);
  }

  /** The body ended: sends a last bare NDJSON value if any, then half-closes. */
  void finish() throws BindException {
    if (splitter != null) {
      splitter.finish(this::sendElement);
    }
    call.halfClose();
  }

  long messages() {
    return splitter == null ? rawMessages : splitter.elements();
  }

  private void sendElement(ByteBuf json) throws BindException {
    call.send(x.engine().binder().bind(x.match(), x.rawQuery(), json));
  }

  @Override
  public void close() {
    if (splitter != null) {
      splitter.close();
    }
  }
}
