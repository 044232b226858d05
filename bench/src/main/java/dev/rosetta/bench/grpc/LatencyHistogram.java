package dev.rosetta.bench.grpc;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Call latencies in nanoseconds, counted in log-linear buckets: exact below 64 ns, then 64
 * buckets per power of two (a value is known to within 1/64, about 1.6%), up to 2^63 ns. Fixed
 * size (about 30 KiB) however long the run; thread safe and lock-free, so the transport threads
 * that complete calls record without waiting for each other.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    counts.incrementAndGet(index(Math.max(0, nanos)));
  }

  /** The value at quantile {@code q} (0 to 1), the middle of its bucket; 0 when empty. */
  long quantile(double q) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return middle(i);
      }
    }
    return middle(BUCKETS - 1);
  }

  static int index(long value) {
    if (value < SUB) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);  // >= SUB_BITS
    int shift = exponent - SUB_BITS;
    int mantissa = (int) (value >>> shift) & (SUB - 1);
    return (shift + 1) * SUB + mantissa;
  }

  private static long middle(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = index / SUB - 1;
    long low = (long) (SUB + index % SUB) << shift;
    return low + ((1L << shift) >>> 1);
  }
}
