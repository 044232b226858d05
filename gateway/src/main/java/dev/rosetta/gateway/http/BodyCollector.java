package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The request body of an exchange that sends one request message (unary and server streaming),
 * collected up to {@code --max-body-size} without copying: the chunks are retained into one
 * composite buffer, made at the first readable chunk, and released once the message is bound or
 * the exchange ends. Its bytes are reserved in the process's {@link BodyBudget} (all of a declared
 * {@code Content-Length} at once, else chunk by chunk) until {@link #release}, which the exchange
 * calls when it no longer needs them. Event-loop confined.
 */
final class BodyCollector {
  /** What became of a chunk. */
  enum Taken {
    TAKEN,
    /** The body passes {@code --max-body-size}: 413. */
    TOO_LARGE,
    /** The body does not fit the body budget: answered 503 already ({@link BodyBudget#refuse}). */
    OVER_BUDGET
  }

  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final ByteBufAllocator alloc;
  private final int maxBodyBytes;
  private final BodyBudget budget;
  private CompositeByteBuf body;
  /** Bytes of the budget this body holds. */
  private long reserved;
  /** Bytes collected so far (the buffer is gone once bound; the count stays). */
  private long collected;

  BodyCollector(RoutedRequest routed, ExchangeConnection conn, int maxBodyBytes) {
    this.routed = routed;
    this.conn = conn;
    this.alloc = conn.alloc();
    this.maxBodyBytes = maxBodyBytes;
    this.budget = routed.engine().bodyBudget();
  }

  /**
   * Reserves the request's declared {@code Content-Length} before any of it is read (when it has
   * one); when it does not fit, answers 503 through the connection and returns false.
   */
  boolean reserveDeclared() {
    if (reserve(HttpUtil.getContentLength(routed.request(), -1L))) {
      return true;
    }
    refuse();
    return false;
  }

  private boolean reserve(long contentLength) {
    if (contentLength <= reserved) {
      return true;
    }
    if (!budget.tryReserve(contentLength - reserved)) {
      return false;
    }
    reserved = contentLength;
    return true;
  }

  /** Appends a chunk (retaining it) when it fits the limit and the budget. */
  Taken add(ByteBuf chunk) {
    int bytes = chunk.readableBytes();
    if (bytes == 0) {
      return Taken.TAKEN;
    }
    if (collected + bytes > maxBodyBytes) {
      return Taken.TOO_LARGE;
    }
    if (!reserve(collected + bytes)) {
      refuse(); // the rest of the body is skipped
      return Taken.OVER_BUDGET;
    }
    if (body == null) {
      body = alloc.compositeBuffer(64);
    }
    body.addComponent(true, chunk.retain());
    collected += bytes;
    return Taken.TAKEN;
  }

  /**
   * Binds the request message from the body collected (null when there was none), then releases
   * it: a REST body with the route's path and query, an RPC protocol's body by its framing. The
   * buffer's reservation stays until {@link #release}.
   */
  byte[] bind(RoutedRequest routed) throws ExchangeException {
    try {
      return routed.rpc() == null
          ? RequestMessage.bind(routed, body, routed.contentType())
          : routed.rpc().requestMessage(routed, body, alloc, maxBodyBytes);
    } finally {
      releaseBuffer();
    }
  }

  /** Releases the buffer and gives the body's bytes back to the budget; idempotent. */
  void release() {
    releaseBuffer();
    budget.release(reserved);
    reserved = 0;
  }

  private void refuse() {
    release();
    budget.refuse(routed, conn);
  }

  private void releaseBuffer() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
