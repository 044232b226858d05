package dev.rosetta.gateway.logging;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * WARN lines of one kind, at most {@code linesPerInterval} per interval: what passes is dropped and
 * counted, and the first line of a later interval is preceded by one line saying how many were
 * dropped. For events a client can cause at will (a connection refused at the limit, a request
 * that trips a gateway fault): a flood of them writes a bounded number of lines, so that it can
 * neither fill a disk nor spend the event loops on logging. Thread safe.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final String kind;
  private final int linesPerInterval;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int written;
  private long dropped;
  private boolean started;

  /**
   * @param kind what the lines are about, for the line that counts the dropped ones
   *     ("connections refused at the limit")
   */
  public RateLimitedLog(Logger log, String kind, int linesPerInterval, Duration interval) {
    this(log, kind, linesPerInterval, interval, System::nanoTime);
  }

  RateLimitedLog(Logger log, String kind, int linesPerInterval, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.kind = kind;
    this.linesPerInterval = linesPerInterval;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Writes {@code format} at WARN unless this interval's lines are spent. */
  public void warn(String format, Object... args) {
    if (!log.isWarnEnabled()) {
      return;
    }
    long droppedBefore;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (!started || now - windowStart >= intervalNanos) {
        started = true;
        windowStart = now;
        written = 0;
      }
      if (written >= linesPerInterval) {
        dropped++;
        return;
      }
      written++;
      droppedBefore = dropped;
      dropped = 0;
    }
    if (droppedBefore > 0) {
      log.warn("suppressed {} more lines of {} (at most {} every {} s)", droppedBefore, kind, linesPerInterval,
          intervalNanos / 1_000_000_000L);
    }
    log.warn(format, args);
  }
}
