package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;

/**
 * One HTTP exchange from the moment its route is known, as the {@link ExchangeHandler} drives it:
 * request body chunks in, then the end of the body; the exchange answers through the handler
 * ({@code respond}, {@code respondError} or a streamed response ended by {@code endStream}).
 * Confined to the connection's event loop.
 */
interface Exchange {
  /** A body chunk (not retained by the caller); false when the body passes the size limit. */
  boolean addContent(ByteBuf chunk);

  /** The whole request body is in. */
  void send();

  /** The client went away: cancel the backend call (it sees CANCELLED) and drop buffers. */
  void abort();

  /** Drops what the exchange holds of the request body. */
  void releaseBody();

  /** Whether the exchange can take more request body now (false holds socket reads back). */
  default boolean readsMore() {
    return true;
  }

  /** The channel's writability changed: a streamed response may ask its backend for more. */
  default void writabilityChanged() {}
}
