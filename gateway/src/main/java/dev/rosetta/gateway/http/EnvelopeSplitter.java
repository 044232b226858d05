package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Cuts a streamed request body into its envelopes ({@link Envelopes}: flags, 4-byte length,
 * message) as the bytes arrive, for the uploads of native gRPC and Connect's streams. An envelope
 * that arrives whole in one chunk is handed on as a slice of it, without a copy; only the bytes of
 * an envelope split across chunks wait in a buffer of their own, bounded by one message of at most
 * {@code maxMessageBytes} (a larger one is refused by its length prefix, before its bytes come)
 * plus one chunk. Event-loop confined; {@link #close} releases what waits.
 */
final class EnvelopeSplitter implements AutoCloseable {
  /** Takes each envelope; its message is valid only during the call. */
  interface Sink {
    void accept(Envelopes.Envelope envelope) throws ExchangeException;
  }

  private final ByteBufAllocator alloc;
  private final int maxMessageBytes;
  /** The start of an envelope not whole yet; null when none waits. */
  private ByteBuf pending;

  EnvelopeSplitter(ByteBufAllocator alloc, int maxMessageBytes) {
    this.alloc = alloc;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Hands every envelope {@code chunk} completes to {@code sink} (chunk read, not released). */
  void feed(ByteBuf chunk, Sink sink) throws ExchangeException {
    ByteBuf in = chunk;
    if (pending != null) {
      pending.writeBytes(chunk);
      in = pending;
    }
    while (in.readableBytes() >= Envelopes.HEADER_BYTES) {
      long length = in.getUnsignedInt(in.readerIndex() + 1);
      if (length > maxMessageBytes) {
        throw Envelopes.tooLarge(length, maxMessageBytes);
      }
      if (in.readableBytes() < Envelopes.HEADER_BYTES + length) {
        break;
      }
      sink.accept(Envelopes.read(in, maxMessageBytes));
    }
    if (in == pending) {
      if (pending.isReadable()) {
        pending.discardReadBytes();
      } else {
        close();
      }
    } else if (in.isReadable()) {
      pending = alloc.buffer(Math.max(in.readableBytes(), 256));
      pending.writeBytes(in);
    }
  }

  /** The body ended: refused (400) when it ends inside an envelope. */
  void finish() throws ExchangeException {
    if (pending != null && pending.isReadable()) {
      int left = pending.readableBytes();
      close();
      throw Envelopes.truncated(left + " bytes of an unfinished envelope");
    }
  }

  @Override
  public void close() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
