package dev.rosetta.gateway.http;

import dev.rosetta.gateway.policy.PolicyChain;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Admission for a route whose authorization call wants the first bytes of the body ({@code
 * include-body}): the exchange the connection feeds while the policies have not decided. It
 * keeps the body's chunks (retained, not copied; at most {@code --max-body-size}, else the
 * connection answers 413 as for any body), decides once it has the bytes wanted or the body
 * ended, then hands the same chunks, and everything read after them, to the exchange of the
 * request's RPC shape: the body is read once. While the decision is pending it asks for no more
 * input ({@link #readsMore}), so what it holds beyond the bytes wanted is at most one socket read.
 *
 * <p>Confined to the connection's event loop. Owns the chunks it holds until it hands them on,
 * the request is refused, or the connection ends the exchange ({@link #abort}, {@link #releaseBody}).
 */
final class AdmissionExchange implements Exchange {
  private final Admission admission;
  private final PolicyChain chain;
  private final PolicyRequestView view;
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final ExchangeRecord record;
  private final int maxBodyBytes;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean ended;
  private boolean deciding;
  /** The client went away, or the body was refused: nothing more is started. */
  private boolean dropped;
  /** The exchange of the request let through; null until then. */
  private Exchange admitted;

  AdmissionExchange(Admission admission, PolicyChain chain, PolicyRequestView view, RoutedRequest routed,
      ExchangeConnection conn, ExchangeRecord record, int maxBodyBytes) {
    this.admission = admission;
    this.chain = chain;
    this.view = view;
    this.routed = routed;
    this.conn = conn;
    this.record = record;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (admitted != null) {
      return admitted.addContent(chunk);
    }
    if (dropped || !chunk.isReadable()) {
      return true;
    }
    if (heldBytes + chunk.readableBytes() > maxBodyBytes) {
      return false; // the connection answers 413 and calls releaseBody
    }
    held.add(chunk.retain());
    heldBytes += chunk.readableBytes();
    if (!deciding && heldBytes >= chain.bodyBytesWanted()) {
      decide();
    }
    return true;
  }

  @Override
  public void endOfBody() {
    if (admitted != null) {
      admitted.endOfBody();
      return;
    }
    ended = true;
    if (!deciding && !dropped) {
      decide();
    }
  }

  @Override
  public boolean readsMore() {
    return admitted != null ? admitted.readsMore() : !deciding;
  }

  @Override
  public void writabilityChanged() {
    if (admitted != null) {
      admitted.writabilityChanged();
    }
  }

  @Override
  public void abort() {
    dropped = true;
    release();
    if (admitted != null) {
      admitted.abort();
    }
  }

  @Override
  public void releaseBody() {
    dropped = true;
    release();
    if (admitted != null) {
      admitted.releaseBody();
    }
  }

  /** Runs the chain on the body's first bytes (a copy of at most {@code bodyBytesWanted}). */
  private void decide() {
    deciding = true;
    int wanted = chain.bodyBytesWanted();
    byte[] prefix = new byte[(int) Math.min(heldBytes, wanted)];
    int at = 0;
    for (ByteBuf chunk : held) {
      if (at == prefix.length) {
        break;
      }
      int n = Math.min(chunk.readableBytes(), prefix.length - at);
      chunk.getBytes(chunk.readerIndex(), prefix, at, n);
      at += n;
    }
    view.body(prefix, heldBytes > wanted || !ended);
    admission.decide(chain, view, routed, conn, record, this::start, this::release);
  }

  /** Let through: the exchange of the request's shape gets the chunks held, then the rest of the body. */
  private void start(RoutedRequest allowed) {
    if (dropped) {
      return;
    }
    Exchange exchange = admission.exchangeFor(allowed, conn);
    admitted = exchange;
    exchange.start();
    while (!held.isEmpty()) {
      ByteBuf chunk = held.poll();
      try {
        if (!record.serving(routed.request())) {
          continue; // answered at once (no backend, a refused message): the rest is dropped
        }
        if (!exchange.addContent(chunk)) {
          exchange.releaseBody();
          release();
          conn.fail(RequestErrors.tooLarge(maxBodyBytes));
          return;
        }
      } finally {
        chunk.release();
      }
    }
    if (!record.serving(routed.request())) {
      return;
    }
    if (ended) {
      exchange.endOfBody();
    } else {
      conn.resumeReading();
    }
  }

  private void release() {
    for (ByteBuf chunk; (chunk = held.poll()) != null; ) {
      chunk.release();
    }
    heldBytes = 0;
  }
}
