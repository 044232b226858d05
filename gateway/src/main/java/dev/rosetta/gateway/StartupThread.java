package dev.rosetta.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Start-up work that no route's first request needs (the OpenAPI document, the Swagger UI assets),
 * made on a daemon thread of its own while the listener starts and the first requests are served.
 */
final class StartupThread {
  private StartupThread() {}

  /** Runs {@code make} on a new daemon thread named {@code name}; its result, or what it threw. */
  static <T> CompletableFuture<T> supply(String name, Supplier<T> make) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(make.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
