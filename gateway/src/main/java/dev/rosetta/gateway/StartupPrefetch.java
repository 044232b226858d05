package dev.rosetta.gateway;

import com.google.api.AnnotationsProto;
import io.netty.channel.epoll.Epoll;
import java.text.DecimalFormatSymbols;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that needs no flag, done on a second thread while the main thread builds the
 * command model and parses the command line (issue 16): a third of a one-second start went to
 * picocli's reflection over the options before anything else began. What runs here is what the
 * start's first steps would otherwise do one after the other on the main thread: SLF4J bound to
 * logback and its default configuration made, Netty's epoll library unpacked and loaded (with the
 * JDK's SecureRandom seeded for its file name), protobuf's {@code descriptor.proto} and
 * {@code google/api} descriptors built, gRPC's channel classes initialized (and the locale data its
 * channel formats with). Nothing here depends on the flags or changes what the start does: a JVM
 * initializes each class once, whichever thread asks first.
 *
 * <p>{@link #await} comes before the main thread touches logging's configuration, Netty, gRPC or
 * protobuf itself. So the two threads never initialize those libraries' classes at the same time
 * (two threads each initializing a class the other's needs would wait on each other for ever), and
 * {@code Logging.apply} finds SLF4J bound: asked while another thread binds it, SLF4J hands out a
 * stand-in factory, not logback's (a start that failed so, found by {@code bench/startup.sh}, is
 * why the binding is done here first). Only the commands that start a gateway begin it; a failure
 * here is the start's to meet and report later.
 */
public final class StartupPrefetch {
  private static volatile Thread running;

  private StartupPrefetch() {}

  /** Starts the prefetch (once per process; a second call does nothing). */
  public static synchronized void begin() {
    if (running != null) {
      return;
    }
    Thread thread = new Thread(StartupPrefetch::prefetch, "rosetta-prefetch");
    thread.setDaemon(true);
    running = thread;
    thread.start();
  }

  /** Waits for the prefetch, when one was begun; returns at once otherwise. */
  public static void await() {
    Thread thread = running;
    if (thread == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the start goes on; the interrupt is kept for the caller
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void prefetch() {
    try {
      LoggerFactory.getILoggerFactory(); // first: Netty's classes log through SLF4J from here on
      Epoll.isAvailable();
      AnnotationsProto.getDescriptor();
      Class.forName("io.grpc.netty.NettyChannelBuilder", true, StartupPrefetch.class.getClassLoader());
      DecimalFormatSymbols.getInstance();
    } catch (RuntimeException | ClassNotFoundException | LinkageError e) {
      // Whatever failed here fails again, with its context, where the start needs it.
    }
  }
}
