package dev.rosetta.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Start-up work that no route's request needs (the first OpenAPI document, the Swagger UI assets),
 * kept out of the start so that it does not compete for the CPU with the start and the first
 * requests (issue 16): made on a daemon thread of its own once {@link #begin begun} (the gateway
 * begins it a moment after its listener opens) or first asked for, whichever comes first.
 */
final class DeferredWork<T> {
  private final String threadName;
  private final Supplier<T> make;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final AtomicBoolean begun = new AtomicBoolean();

  DeferredWork(String threadName, Supplier<T> make) {
    this.threadName = threadName;
    this.make = make;
  }

  /** Starts the work on its own thread, unless it has been started already. */
  void begin() {
    if (!begun.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(() -> {
      try {
        result.complete(make.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** The result, waiting for it (and beginning the work when nothing has yet). */
  T get() {
    begin();
    return result.join();
  }
}
