package dev.rosetta.gateway.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What SIGTERM and SIGINT do: run the gateway's close (its drain) and exit with 0. Installed
 * before start-up, because the gateway logs "listening" from inside its start and an
 * orchestrator (or a test) may signal at once: a signal that found no hook exited with 143.
 * A signal during start-up exits 0 with nothing to drain; a start-up that fails takes the hook
 * out again, so that its own exit code (1) stands.
 */
final class ShutdownHook {
  private final AtomicReference<Runnable> close = new AtomicReference<>(() -> {});
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stop, "rosetta-shutdown");

  static ShutdownHook install() {
    ShutdownHook shutdown = new ShutdownHook();
    Runtime.getRuntime().addShutdownHook(shutdown.hook);
    return shutdown;
  }

  private void stop() {
    close.get().run();
    stopped.countDown();
    // A JVM ended by a signal exits with 128 + signal (143 for SIGTERM) even after a clean
    // drain; a clean stop is not a failure, so say 0.
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }

  /** Start-up failed: the JVM's exit is the caller's again. */
  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The signal came first; the hook exits 0 as for any stop.
    }
  }

  /** Runs {@code onSignal} at the signal, and blocks until it has (the hook then halts the JVM). */
  void await(Runnable onSignal) throws InterruptedException {
    close.set(onSignal);
    stopped.await();
  }
}
