package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

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
    /** The body does not fit the body budget: 503 ({@link BodyBudget#refuse}). */
    OVER_BUDGET
  }

  private final ByteBufAllocator alloc;
  private final int maxBodyBytes;
  private final BodyBudget budget;
  private CompositeByteBuf body;
  /** Bytes of the budget this body holds. */
  private long reserved;
  /** Bytes collected so far (the buffer is gone once bound; the count stays). */
  private long collected;

  BodyCollector(ByteBufAllocator alloc, int maxBodyBytes, BodyBudget budget) {
    this.alloc = alloc;
    this.maxBodyBytes = maxBodyBytes;
    this.budget = budget;
  }

  /** Reserves a declared {@code Content-Length} (negative: none) before any of it is read; false when it does not fit. */
  boolean reserve(long contentLength) {
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
   * the buffer; its reservation stays until {@link #release}.
   */
  byte[] bind(RoutedRequest routed) throws ExchangeException {
    try {
      return RequestMessage.bind(routed, body, routed.contentType());
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

  private void releaseBuffer() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
