package dev.rosetta.gateway.http;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a connection read before it could handle it, held in order: on HTTP/1.1, pipelined
 * requests read while a backend call ran and a body read while its exchange was being decided
 * (the {@link Http1ConnectionHandler} reads no more while anything is held, so this holds what
 * one socket read decoded into, never more); on an HTTP/2 stream, the frames its exchange does
 * not take yet ({@link Http2StreamConnection}, bounded by the stream's window). Confined to the
 * connection's event loop.
 */
final class PendingReads {
  /** Made on the first message held: most HTTP/2 streams (one per request) never hold any. */
  private ArrayDeque<Object> held;
  /** {@link #handOut} is running (a nested call leaves the work to its loop). */
  private boolean handingOut;

  boolean isEmpty() {
    return held == null || held.isEmpty();
  }

  void add(Object msg) {
    if (held == null) {
      held = new ArrayDeque<>();
    }
    held.add(msg);
  }

  /**
   * Hands the held messages to {@code handler}, oldest first, while {@code mayHandle} says so. A
   * call made from inside {@code handler} (an answer that lets the next request in) returns at
   * once: the outer loop goes on.
   */
  void handOut(BooleanSupplier mayHandle, Consumer<Object> handler) {
    if (handingOut || held == null) {
      return;
    }
    handingOut = true;
    try {
      while (!held.isEmpty() && mayHandle.getAsBoolean()) {
        handler.accept(held.poll());
      }
    } finally {
      handingOut = false;
    }
  }

  /** The connection closed: what is held is dropped. */
  void releaseAll() {
    if (held == null) {
      return;
    }
    for (Object msg; (msg = held.poll()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
  }
}
