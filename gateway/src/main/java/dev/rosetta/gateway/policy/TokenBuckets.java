package dev.rosetta.gateway.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The token buckets of one local limit, one per key, kept as the generic cell rate algorithm
 * (GCRA, the "virtual scheduling" form of ITU-T I.371): a bucket is a single number, its
 * theoretical arrival time (TAT), updated by one compare-and-set. That is exactly a token bucket
 * of {@code burst} tokens refilled at {@code requests/per}, with no refill timer and no lock, so
 * every event loop can take from the same bucket. Thread safe.
 *
 * <pre>
 * T   = per / requests                     (nanoseconds per token)
 * tau = burst * T                          (how far ahead of now the TAT may run)
 * take: tat' = max(tat, now) + T
 *       tat' - now &gt; tau  → refused, the next token comes in (tat' - now - tau)
 *       otherwise          → tat = tat', remaining = (tau - (tat' - now)) / T
 * </pre>
 *
 * <p><b>Bounded key table.</b> At most {@code maxKeys} buckets are kept. A bucket whose TAT is
 * behind the clock is full again, the same as a new one, so forgetting it loses nothing: when the
 * table is full, such buckets are swept out (at most once per {@code per}, since a sweep visits
 * every bucket). If the table is still full, new keys share one overflow bucket with the same
 * rate until old buckets refill: under a flood of distinct keys (spoofed headers, many
 * addresses) the clients already known keep their own budget, and the newcomers are limited
 * together rather than allowed through unlimited.
 */
final class TokenBuckets {
  private final long interval;
  private final long tolerance;
  private final int maxKeys;
  private final long sweepEvery;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final AtomicLong overflow;
  private final AtomicLong lastSweep;

  TokenBuckets(LocalLimitSpec spec, LongSupplier nanoClock) {
    this.interval = Math.max(1, spec.per().toNanos() / spec.requests());
    this.tolerance = spec.burst() * interval;
    this.maxKeys = spec.maxKeys();
    this.sweepEvery = spec.per().toNanos();
    this.clock = nanoClock;
    long now = nanoClock.getAsLong();
    this.overflow = new AtomicLong(now);
    this.lastSweep = new AtomicLong(now - sweepEvery);
  }

  /**
   * Takes a token from {@code key}'s bucket.
   *
   * @return the tokens left (0 or more) when one was taken; when the bucket is empty, {@code
   *     -1 - n} where {@code n} is the nanoseconds until the next token (decode with {@link
   *     #waitNanos})
   */
  long take(String key) {
    long now = clock.getAsLong();
    AtomicLong bucket = bucket(key, now);
    while (true) {
      long tat = bucket.get();
      long next = Math.max(tat, now) + interval;
      long ahead = next - now;
      if (ahead > tolerance) {
        return -1 - (ahead - tolerance);
      }
      if (bucket.compareAndSet(tat, next)) {
        return (tolerance - ahead) / interval;
      }
    }
  }

  /** Nanoseconds until {@code key}'s bucket is full again (0 for a full or unknown bucket). */
  long nanosUntilFull(String key) {
    AtomicLong bucket = buckets.get(key);
    long tat = bucket == null ? overflow.get() : bucket.get();
    return Math.max(0, tat - clock.getAsLong());
  }

  static long waitNanos(long taken) {
    return -1 - taken;
  }

  int size() {
    return buckets.size();
  }

  private AtomicLong bucket(String key, long now) {
    AtomicLong bucket = buckets.get(key);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= maxKeys) {
      sweep(now);
      if (buckets.size() >= maxKeys) {
        return overflow;
      }
    }
    // A new key starts full: its TAT is now.
    return buckets.computeIfAbsent(key, k -> new AtomicLong(now));
  }

  /** Forgets the buckets that have refilled; one sweep per refill window at most, by one caller. */
  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last < sweepEvery || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    for (Iterator<Map.Entry<String, AtomicLong>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().get() <= now) {
        it.remove();
      }
    }
  }
}
