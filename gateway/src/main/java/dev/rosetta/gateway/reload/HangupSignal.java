package dev.rosetta.gateway.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code kill -HUP <pid>} reloads the descriptors, as nginx and Envoy's hot restarter do. A signal
 * handler is process-wide, so only the command line installs it, never an embedded gateway.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK since 9): the JDK has
 * no supported API for signals.
 */
public final class HangupSignal {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.reload");

  private HangupSignal() {}

  /** Runs {@code reload} on a fresh thread at each SIGHUP; false where the platform has no SIGHUP. */
  public static boolean install(Runnable reload) {
    try {
      Signal.handle(new Signal("HUP"), signal -> {
        Thread thread = new Thread(reload, "rosetta-sighup-reload");
        thread.setDaemon(true);
        thread.start();
      });
      return true;
    } catch (IllegalArgumentException e) {
      LOG.info("SIGHUP is not available here; reload with POST /reload on the admin port instead");
      return false;
    }
  }
}
