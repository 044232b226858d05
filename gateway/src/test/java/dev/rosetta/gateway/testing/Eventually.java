package dev.rosetta.gateway.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The one way tests wait for a condition: polled until it holds, failing after a deadline. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} every few milliseconds until it is true; fails naming {@code what} after {@code timeout}. */
  public static void eventually(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
