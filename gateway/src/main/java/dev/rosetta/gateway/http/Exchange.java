package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;

/**
 * One HTTP exchange from the moment its request is admitted, as its {@link ExchangeConnection}
 * drives it: {@link #start}, request body chunks in, then the end of the body. The exchange
 * answers through the connection. One kind per RPC shape ({@link Exchanges#create}): unary,
 * server streaming, client (or bidirectional) streaming. Confined to the connection's event loop.
 */
interface Exchange {
  /** The request is admitted: a streamed upload starts its backend call here (others at the body's end). */
  default void start() {}

  /** A body chunk (not retained by the caller); false when the body passes the size limit. */
  boolean addContent(ByteBuf chunk);

  /** The whole request body is in. */
  void endOfBody();

  /** The client went away: cancel the backend call (it sees CANCELLED) and drop buffers. */
  void abort();

  /** Drops what the exchange holds of the request body. */
  void releaseBody();

  /** Whether the exchange can take more request body now (false holds socket reads back). */
  default boolean readsMore() {
    return true;
  }

  /** The connection's writability changed: a streamed response may ask its backend for more. */
  default void writabilityChanged() {}
}
