package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes the whole process may hold at once ({@code --body-budget}), shared by every
 * connection of every listener. A single-message body (unary and server streaming) counts from its
 * first byte (or, with a {@code Content-Length}, from its head) until its exchange no longer needs
 * it: a unary exchange once its answer is printed, a server stream once its call has started.
 * What a body costs on its way is a small multiple of its size (the collected chunks, the JSON the
 * codec reads, the wire message, the answer printed back), so a bound on bodies is a bound on
 * what concurrent large requests can take of the heap and of direct memory: without it, two
 * bodies at the 16 MiB limit ran the shipped 96 MiB heap out and the JVM exited.
 *
 * <p>A body that does not fit is answered 503 {@code RESOURCE_EXHAUSTED} with {@code Retry-After}
 * and the reason {@link Reasons#BODY_BUDGET}: the request was fine, the gateway is busy. Thread
 * safe (a CAS per reservation); made once per gateway and kept across reloads.
 */
public final class BodyBudget {
  /** No bound: what tests and embedders get unless they ask. */
  public static final BodyBudget UNLIMITED = new BodyBudget(Long.MAX_VALUE);
  /** Seconds a refused client is asked to wait: bodies in flight are usually gone by then. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  public BodyBudget(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("body budget must be positive, not " + capacityBytes);
    }
    this.capacity = capacityBytes;
  }

  /**
   * The default for a JVM whose heap and direct memory may grow to {@code maxHeapBytes} and
   * {@code maxDirectBytes}: a quarter of the smaller, so that the bodies in flight and the copies
   * they make on the way (about four times a body, on the heap and in direct memory alike: the
   * collected chunks, the JSON the codec reads, the wire message, gRPC's frames, the answer printed
   * back) stay inside both, but never less than one body at {@code maxBodyBytes} (a body the limit
   * admits must be able to pass alone). On the shipped flags (96 MiB heap, 64 MiB direct) that is
   * one 16 MiB body at a time: two at once ran the heap out in ShippedJarIT even after the
   * codec's copies were cut.
   */
  public static long defaultBytes(long maxHeapBytes, long maxDirectBytes, int maxBodyBytes) {
    return Math.max(Math.min(maxHeapBytes, maxDirectBytes) / 4, maxBodyBytes);
  }

  public long capacity() {
    return capacity;
  }

  /** Bytes reserved now. */
  public long inUse() {
    return used.get();
  }

  /** Reserves {@code bytes}; false, with nothing reserved, when they do not fit. */
  boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    long now;
    do {
      now = used.get();
      if (now + bytes > capacity) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }

  /** The 503 for a body that does not fit, with {@code Retry-After}, answered through {@code conn}. */
  void refuse(RoutedRequest routed, ExchangeConnection conn) {
    GatewayError error = new GatewayError(503, Status.Code.RESOURCE_EXHAUSTED,
        "the gateway holds as many request bodies as it can (" + capacity + " bytes); retry shortly",
        Reasons.BODY_BUDGET);
    FullHttpResponse response = Responses.error(conn.alloc(), routed.engine().errors(), error);
    response.headers().setInt(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    ExchangeLog.outcome(routed.request(), error.httpStatus(), error.code(), error.reason(), error.message());
    conn.respond(response, error.code(), error.reason());
  }
}
