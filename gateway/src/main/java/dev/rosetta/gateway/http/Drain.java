package dev.rosetta.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful shutdown of the HTTP front end: the open client connections, the number of exchanges
 * in flight (HTTP exchanges, server streams and WebSocket sessions alike), and whether the
 * gateway is draining. While draining, every HTTP/1.1 response is sent with
 * {@code Connection: close}, so a kept-alive client gets its answer and then a closed connection
 * instead of a reset; an HTTP/2 connection gets GOAWAY at once, and closes once its streams are
 * done. Thread safe.
 */
final class Drain {
  /** The user event a connection gets when the drain timeout cuts what still runs on it. */
  static final Object GOING_AWAY = "rosetta-drain-timeout";
  /**
   * The user event every connection gets when the drain begins: an HTTP/2 connection sends
   * GOAWAY at once (it has no {@code Connection: close} to carry on its next answer).
   */
  static final Object DRAINING = "rosetta-draining";

  private final ChannelGroup connections = new DefaultChannelGroup("rosetta-http", GlobalEventExecutor.INSTANCE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  void add(Channel connection) {
    connections.add(connection);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  boolean draining() {
    return draining;
  }

  int inFlight() {
    return inFlight.get();
  }

  /**
   * Waits until no exchange is in flight (new requests on kept-alive connections are still
   * answered, with {@code Connection: close}), at most {@code timeout}, then closes every
   * connection. Call after the listener stopped accepting. Returns true when nothing was cut.
   */
  boolean run(Duration timeout) throws InterruptedException {
    draining = true;
    connections.forEach(connection -> connection.pipeline().fireUserEventTriggered(DRAINING));
    long deadline = System.nanoTime() + timeout.toNanos();
    // Connections idle at the signal may carry one more request; give them a moment to send it.
    long idleGrace = System.nanoTime() + Math.min(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(500));
    while (System.nanoTime() < deadline && !connections.isEmpty()
        && (inFlight.get() > 0 || System.nanoTime() < idleGrace)) {
      Thread.sleep(20);
    }
    boolean clean = inFlight.get() == 0;
    if (!clean) {
      // Sessions still open are told why they end (a WebSocket closes with 1001 going away);
      // each connection runs this before the close below, in order, on its event loop.
      connections.forEach(connection -> connection.pipeline().fireUserEventTriggered(GOING_AWAY));
    }
    closeAll();
    return clean;
  }

  /** Closes every connection now; exchanges still running are cut (their backend calls cancelled). */
  void closeAll() {
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
