package dev.rosetta.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connection path and the request path hot before the first storm of new connections
 * ({@code --warm-up-connections}, off by default). A JVM meets its first burst with the accept, the
 * pipeline set-up, the first read of a connection and its close never compiled, because kept-alive
 * traffic never runs them, and with the backend call compiled for the few calls in flight that
 * steady traffic keeps, not for the hundreds a storm brings at once: measured, a first burst of
 * 1,000 connections under load took 2.4-2.9 times grpc-gateway's p99, and a later one about as
 * long as grpc-gateway's or less (docs/benchmarks.md, "Connection storms").
 *
 * <p>The warm-up binds a private listener on the loopback with the public listener's pipeline,
 * acceptor and event loops, and opens {@code connections} connections to it, each sending one
 * request ({@link WarmUpRequest}: for one of the gateway's routes) and closing after the answer, as
 * a storm's clients do. {@link #THREADS} threads each open up to {@link #WAVE} connections before
 * reading their answers, so that as many calls are in flight at once as in a storm. The private
 * listener's engine sends every call to a {@link dev.rosetta.gateway.backend.WarmUpBackend} (no
 * real backend sees one) and its observer is {@link ExchangeObserver#NONE}: metrics, the access
 * log and traces do not count them. It closes when the last connection is done. TLS is not part of
 * it (the handshake's code is the JDK's or OpenSSL's, and a storm of TLS clients pays for its
 * handshakes anyway).
 */
final class WarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  /** Threads opening connections. */
  static final int THREADS = 8;
  /**
   * Connections each thread opens before it reads their answers, at most: {@code THREADS * WAVE}
   * calls in flight at once, as many as a storm of 1,000 new connections brings. Measured, 256 at
   * once left the first storm where the connection path alone did, and 1,000 took its p99 under
   * grpc-gateway's (docs/benchmarks.md, "The warm-up, with backend calls").
   */
  static final int WAVE = 125;
  /** Bounds each read: a warm-up never waits on a gateway that stopped answering. */
  private static final int READ_TIMEOUT_MS = 10_000;
  /** How long {@link #stop} waits for the end: the answers already due take milliseconds. */
  private static final long STOP_WAIT_SECONDS = 5;

  /**
   * What a warm-up did: connections answered of those asked for, how many answers were a success
   * (2xx: the route's backend call went through), and how long it took.
   */
  record Result(int answered, int asked, int succeeded, Duration took) {}

  private final Channel listener;
  private final int connections;
  private final WarmUpRequest request;
  private final byte[] requestBytes;
  /** What the warm-up's calls went to, closed at its end (before {@link #done} completes); null for none. */
  private final AutoCloseable backend;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger succeeded = new AtomicInteger();
  /** The first answer that was not a success, for the log; null while there is none. */
  private volatile String firstError;
  private final AtomicInteger running = new AtomicInteger(THREADS);
  /** {@link #WAVE}, or fewer where the descriptor or connection limit is low ({@link #waveWithin}). */
  private final int wave;
  /** A connection failed: the other threads stop after their current one. */
  private volatile boolean failed;
  private final CompletableFuture<Result> done = new CompletableFuture<>();
  private final long start = System.nanoTime();

  private WarmUp(Channel listener, int connections, WarmUpRequest request, int maxConnections,
      AutoCloseable backend) {
    this.listener = listener;
    this.backend = backend;
    this.connections = connections;
    this.wave = waveWithin(FileDescriptors.free(), maxConnections);
    this.request = request;
    this.requestBytes = request.bytes();
  }

  /**
   * Binds the private listener (its pipeline from {@code initializer}) and starts the connections,
   * each sending {@code request}, on threads of their own, never more open at once than
   * {@code maxConnections} (the gateway's limit; 0 for none); the future completes once they are
   * done, the listener is closed and so is {@code backend} (null for none).
   */
  static WarmUp start(Acceptor acceptor, EventLoopGroup group, Class<? extends ServerChannel> channelType,
      GatewayInitializer initializer, int connections, WarmUpRequest request, int maxConnections,
      AutoCloseable backend) throws InterruptedException {
    Channel listener = acceptor.bind(group, channelType, InetAddress.getLoopbackAddress().getHostAddress(), 0,
        initializer);
    WarmUp warmUp = new WarmUp(listener, connections, request, maxConnections, backend);
    InetSocketAddress target = (InetSocketAddress) listener.localAddress();
    for (int i = 0; i < THREADS; i++) {
      Thread thread = new Thread(() -> warmUp.connectUntilDone(target), "rosetta-warm-up-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    return warmUp;
  }

  /** Completes when the warm-up has ended (every connection answered, or one failed) and its backend is closed. */
  CompletableFuture<Result> done() {
    return done;
  }

  /**
   * Stops the warm-up early (the gateway is closing): the threads find the listener gone, read the
   * answers already due and end. Waits for that (a few seconds at most), so that the backend, which
   * runs on the event loops the gateway stops next, is closed first. Not on an event loop.
   */
  void stop() {
    listener.close();
    try {
      done.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("warm-up not ended at shutdown: {}", e.toString());
    }
  }

  private void connectUntilDone(InetSocketAddress target) {
    try {
      int count;
      while (!failed && (count = take()) > 0) {
        exchangeWave(target, count);
      }
    } catch (IOException e) {
      // The listener closed under us (shutdown), or a read timed out: what ran still counts.
      failed = true;
      LOG.debug("warm-up connection failed", e);
    } finally {
      if (running.decrementAndGet() == 0) {
        listener.close();
        Result result = new Result(answered.get(), connections, succeeded.get(),
            Duration.ofNanos(System.nanoTime() - start));
        if (result.answered() < connections) {
          LOG.warn("warm-up ended after {} of {} connections", result.answered(), connections);
        } else if (request.routed() && result.succeeded() < result.answered()) {
          // Still warm for the connection path; the route's own path ran only as far as its error.
          LOG.warn("warmed up: {} connections in {} ms, but {} of the answers to {} were errors (the first: {})",
              connections, result.took().toMillis(), result.answered() - result.succeeded(), request,
              firstError);
        } else {
          LOG.info("warmed up: {} connections ({}) in {} ms", connections, request, result.took().toMillis());
        }
        closeBackend();
        done.complete(result);
      }
    }
  }

  private void closeBackend() {
    if (backend == null) {
      return;
    }
    try {
      backend.close();
    } catch (Exception e) {
      LOG.warn("warm-up backend not closed: {}", e.toString());
    }
  }

  /**
   * Connections per thread and wave when {@code freeDescriptors} are left to the process (-1:
   * unknown) and at most {@code maxConnections} may be open (0: any number): {@link #WAVE}, or as
   * many as take at most half of the free descriptors (each connection holds two, the warm-up's
   * end and the gateway's) and stay within the connection limit, at least one.
   */
  static int waveWithin(long freeDescriptors, int maxConnections) {
    long wave = WAVE;
    if (freeDescriptors >= 0) {
      wave = Math.min(wave, freeDescriptors / 2 / 2 / THREADS);
    }
    if (maxConnections > 0) {
      wave = Math.min(wave, maxConnections / THREADS);
    }
    return (int) Math.max(1, wave);
  }

  /** Takes up to a wave of the connections still to open; 0 when none are left. */
  private int take() {
    int taken = next.getAndAccumulate(wave, (before, size) -> before >= connections ? before
        : (int) Math.min(connections, (long) before + size));
    return Math.max(0, (int) Math.min(wave, (long) connections - taken));
  }

  /**
   * {@code count} connections: each opened and sent the request, then each answer read whole, then
   * the client's close. When a connection cannot open (the listener closed: the gateway stops), the
   * answers to those already sent are still read first: closing them unanswered would cancel their
   * backend calls in flight.
   */
  private void exchangeWave(InetSocketAddress target, int count) throws IOException {
    Socket[] sockets = new Socket[count];
    int sent = 0;
    IOException failure = null;
    try {
      try {
        for (; sent < count; sent++) {
          Socket socket = new Socket();
          sockets[sent] = socket;
          socket.setTcpNoDelay(true);
          socket.connect(target, READ_TIMEOUT_MS);
          socket.setSoTimeout(READ_TIMEOUT_MS);
          OutputStream out = socket.getOutputStream();
          out.write(requestBytes);
          out.flush();
        }
      } catch (IOException e) {
        failure = e;
      }
      for (int i = 0; i < sent; i++) {
        int status = readResponse(sockets[i].getInputStream());
        answered.incrementAndGet();
        if (status / 100 == 2) {
          succeeded.incrementAndGet();
        }
      }
    } finally {
      for (Socket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Reads one response with a {@code Content-Length} (the gateway's answers to it have one), or to
   * its end; returns its status code, and keeps the first error's status line and body for the log.
   */
  private int readResponse(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    int filled = 0;
    int bodyStart = -1;
    while (bodyStart < 0) {
      if (filled == buffer.length) {
        throw new IOException("warm-up response head over " + buffer.length + " bytes");
      }
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        throw new IOException("warm-up connection closed before a response");
      }
      filled += read;
      bodyStart = headEnd(buffer, filled);
    }
    String head = new String(buffer, 0, bodyStart, StandardCharsets.ISO_8859_1);
    long length = contentLength(head);
    long left = length < 0 ? Long.MAX_VALUE : length - (filled - bodyStart);
    int status = status(head);
    if (status / 100 != 2 && firstError == null) {
      // The start of the body names the problem (a google.rpc.Status); the rest is not kept.
      firstError = head.substring(0, Math.max(0, head.indexOf('\r'))) + " "
          + new String(buffer, bodyStart, Math.min(filled - bodyStart, 300), StandardCharsets.UTF_8);
    }
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        break; // a response without Content-Length ends with the connection
      }
      left -= read;
    }
    return status;
  }

  /** The status code of a head's status line ({@code HTTP/1.1 200 OK}), or -1 when it has none. */
  private static int status(String head) {
    int space = head.indexOf(' ');
    try {
      return space < 0 || head.length() < space + 4 ? -1 : Integer.parseInt(head.substring(space + 1, space + 4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The index after the head's blank line, or -1 before it has arrived. */
  private static int headEnd(byte[] buffer, int filled) {
    for (int i = 3; i < filled; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The head's {@code Content-Length}, or -1 without one (then the response ends with the connection). */
  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return -1;
  }
}
