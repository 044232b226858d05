package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The request body of an exchange that sends one request message (unary and server streaming),
 * collected up to {@code --max-body-size} without copying: the chunks are retained into one
 * composite buffer, made at the first readable chunk, and released once the message is bound or
 * the exchange ends. Event-loop confined.
 */
final class BodyCollector {
  private final ByteBufAllocator alloc;
  private final int maxBodyBytes;
  private CompositeByteBuf body;

  BodyCollector(ByteBufAllocator alloc, int maxBodyBytes) {
    this.alloc = alloc;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Appends a chunk (retaining it); false when the body would pass the limit. */
  boolean add(ByteBuf chunk) {
    if (!chunk.isReadable()) {
      return true;
    }
    if (body == null) {
      body = alloc.compositeBuffer(64);
    }
    if ((long) body.readableBytes() + chunk.readableBytes() > maxBodyBytes) {
      return false;
    }
    body.addComponent(true, chunk.retain());
    return true;
  }

  /**
   * Binds the request message from the body collected (null when there was none), then releases
   * it: a REST body with the route's path and query, an RPC protocol's body by its framing.
   */
  byte[] bind(RoutedRequest routed) throws ExchangeException {
    try {
      return routed.rpc() == null
          ? RequestMessage.bind(routed, body, routed.contentType())
          : routed.rpc().requestMessage(routed, body, alloc, maxBodyBytes);
    } finally {
      release();
    }
  }

  void release() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
