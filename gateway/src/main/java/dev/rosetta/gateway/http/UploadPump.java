package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.bind.JsonSplitter;
import dev.rosetta.gateway.bind.RawBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The request side of a client-streaming call over one HTTP body: a JSON array
 * ({@code application/json}) or NDJSON ({@code application/x-ndjson}) cut into elements as it
 * arrives; each element is bound like a unary body (path variables and query parameters merged
 * into every message, {@link RequestMessage}) and sent at once. An RPC protocol's upload (native
 * gRPC, Connect's streams) is cut into its envelopes instead ({@link EnvelopeSplitter}), each
 * message taken by its framing ({@link StreamingRpcFraming#uploadMessage}) and sent ({@link CallStart#send}, which
 * checks its size). The exchange reads the socket only while the call {@link #readsMore is
 * ready}, so the upload moves at the backend's pace and never sits in memory whole.
 * Event-loop confined.
 */
final class UploadPump implements AutoCloseable {
  private final RoutedRequest routed;
  /** Null for an HttpBody upload, whose chunks go out as they come, and for an RPC protocol's. */
  private final JsonSplitter splitter;
  /** The envelopes of an RPC protocol's upload (native gRPC, Connect); null for REST. */
  private final EnvelopeSplitter envelopes;
  private final StreamingRpcFraming framing;
  private final ByteBufAllocator alloc;
  private final int maxMessageBytes;
  private final String contentType;
  private BackendCall call;

  UploadPump(RoutedRequest routed, ByteBufAllocator alloc, int maxMessageBytes) {
    this.routed = routed;
    this.contentType = routed.contentType();
    this.alloc = alloc;
    this.maxMessageBytes = maxMessageBytes;
    this.framing = routed.rpc() instanceof StreamingRpcFraming streaming ? streaming : null;
    this.envelopes = framing == null ? null : new EnvelopeSplitter(alloc, maxMessageBytes);
    if (framing != null || RawBody.takesRawBody(routed.route())) {
      // Each chunk of the body (at most the HTTP codec's chunk size, 64 KiB) becomes one
      // HttpBody message: a download-sized upload never sits in memory whole.
      this.splitter = null;
      return;
    }
    JsonSplitter.Framing framing = Exchanges.isNdjson(contentType) ? JsonSplitter.Framing.LINES : JsonSplitter.Framing.ARRAY;
    this.splitter = new JsonSplitter(framing, maxMessageBytes, alloc);
  }

  void attach(BackendCall call) {
    this.call = call;
  }

  boolean readsMore() {
    return call != null && call.isReady();
  }

  /** Sends every message completed by {@code chunk}. */
  void feed(ByteBuf chunk) throws ExchangeException {
    if (envelopes != null) {
      // Each message as it is, proto bytes or the codec's JSON (RpcMessages): bound, not rebuilt.
      envelopes.feed(chunk, envelope -> CallStart.send(call, framing.uploadMessage(routed, envelope, alloc,
          maxMessageBytes)));
      return;
    }
    if (splitter == null) {
      CallStart.send(call, RequestMessage.bind(routed, chunk, contentType));
      return;
    }
    try {
      splitter.feed(chunk, this::sendElement);
    } catch (BindException e) {
      throw RequestMessage.badRequest(e);
    }
  }

  /** The body ended: sends a last bare NDJSON value if any, then half-closes. */
  void finish() throws ExchangeException {
    if (envelopes != null) {
      envelopes.finish();
    }
    if (splitter != null) {
      try {
        splitter.finish(this::sendElement);
      } catch (BindException e) {
        throw RequestMessage.badRequest(e);
      }
    }
    call.halfClose();
  }

  private void sendElement(ByteBuf json) throws ExchangeException {
    CallStart.send(call, RequestMessage.bindElement(routed, json, splitter.elements()));
  }

  @Override
  public void close() {
    if (envelopes != null) {
      envelopes.close();
    }
    if (splitter != null) {
      splitter.close();
    }
  }
}
