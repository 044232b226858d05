package dev.rosetta.gateway.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code kill -HUP <pid>} reloads the descriptors, as nginx and Envoy's hot restarter do. A signal
 * handler is process-wide, so only the command line installs it, never an embedded gateway.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK since 9): the JDK has
 * no supported API for signals.
 *
 * <p>The command line installs the handler first thing in {@code main} and attaches the reload
 * once the gateway is up: the JVM's own SIGHUP action is to shut down, so a signal meant as a reload
 * (one sent as soon as the "listening on" line appears, say) must already find this handler. A
 * signal that arrives while the gateway is starting reloads right after the start, since the files
 * may have changed after the start read them.
 */
public final class HangupSignal {
  private Runnable reload;
  private boolean pending;

  /** Not installed: tests drive {@link #received} themselves. */
  HangupSignal() {}

  /** Takes over SIGHUP; signals are held until {@link #reloadWith}. Null where the platform has none. */
  public static HangupSignal install() {
    HangupSignal hangup = new HangupSignal();
    try {
      Signal.handle(new Signal("HUP"), signal -> hangup.received());
      return hangup;
    } catch (IllegalArgumentException e) {
      // The logger only here: installed first thing in main, this class must not start logging early.
      Logger log = LoggerFactory.getLogger("dev.rosetta.gateway.reload");
      log.info("SIGHUP is not available here; reload with POST /reload on the admin port instead");
      return null;
    }
  }

  /** From now on each SIGHUP runs {@code reload} on a fresh thread; and once right away if one came before. */
  public void reloadWith(Runnable reload) {
    boolean missed;
    synchronized (this) {
      this.reload = reload;
      missed = pending;
      pending = false;
    }
    if (missed) {
      run(reload);
    }
  }

  /** What the handler does at each SIGHUP. */
  void received() {
    Runnable target;
    synchronized (this) {
      target = reload;
      pending = target == null;
    }
    if (target != null) {
      run(target);
    }
  }

  private static void run(Runnable reload) {
    Thread thread = new Thread(reload, "rosetta-sighup-reload");
    thread.setDaemon(true);
    thread.start();
  }
}
