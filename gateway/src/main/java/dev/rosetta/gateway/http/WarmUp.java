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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connection path hot before the first storm of new connections ({@code
 * --warm-up-connections}, off by default). A JVM meets its first burst with the accept, the
 * pipeline set-up, the first read of a connection and its close never compiled, because kept-alive
 * traffic never runs them: measured, a first burst of 1,000 connections under load took 2.4-2.9
 * times grpc-gateway's p99, and a later one about as long as grpc-gateway's or less; warmed, the
 * first took a median 1.26 times (docs/benchmarks.md, "Connection storms").
 *
 * <p>The warm-up binds a private listener on the loopback with the public listener's pipeline,
 * acceptor and event loops, and opens {@code connections} connections to it a few at a time, each
 * sending one small JSON POST and closing after the answer, as a storm's clients do. The private
 * listener's engine has no routes, so every request is a 404 that no backend sees, and its
 * observer is {@link ExchangeObserver#NONE}: metrics, the access log and traces do not count them.
 * It closes when the last connection is done. TLS is not part of it (the handshake's code is the
 * JDK's or OpenSSL's, and a storm of TLS clients pays for its handshakes anyway).
 */
final class WarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  /** Connections open at once: enough to run the accept path with several connections pending. */
  static final int CONCURRENCY = 8;
  static final String PATH = "/.rosetta/warm-up";
  private static final byte[] BODY = "{\"warmUp\":\"rosetta\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REQUEST = ("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n"
      + "User-Agent: rosetta-warm-up\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
      + "\r\n\r\n" + new String(BODY, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
  /** Bounds each read: a warm-up never waits on a gateway that stopped answering. */
  private static final int READ_TIMEOUT_MS = 10_000;

  /** What a warm-up did: connections answered of those asked for, and how long it took. */
  record Result(int answered, int asked, Duration took) {}

  private final Channel listener;
  private final int connections;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger(CONCURRENCY);
  /** A connection failed: the other threads stop after their current one. */
  private volatile boolean failed;
  private final CompletableFuture<Result> done = new CompletableFuture<>();
  private final long start = System.nanoTime();

  private WarmUp(Channel listener, int connections) {
    this.listener = listener;
    this.connections = connections;
  }

  /**
   * Binds the private listener (its pipeline from {@code initializer}) and starts the connections
   * on threads of their own; the future completes once they are done and the listener is closed.
   */
  static WarmUp start(Acceptor acceptor, EventLoopGroup group, Class<? extends ServerChannel> channelType,
      GatewayInitializer initializer, int connections) throws InterruptedException {
    Channel listener = acceptor.bind(group, channelType, InetAddress.getLoopbackAddress().getHostAddress(), 0,
        initializer);
    WarmUp warmUp = new WarmUp(listener, connections);
    InetSocketAddress target = (InetSocketAddress) listener.localAddress();
    for (int i = 0; i < CONCURRENCY; i++) {
      Thread thread = new Thread(() -> warmUp.connectUntilDone(target), "rosetta-warm-up-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    return warmUp;
  }

  /** Completes when the warm-up has ended (every connection answered, or one failed). */
  CompletableFuture<Result> done() {
    return done;
  }

  /** Stops the warm-up early (the gateway is closing): the threads find the listener gone. */
  void stop() {
    listener.close();
  }

  private void connectUntilDone(InetSocketAddress target) {
    try {
      while (!failed && next.getAndIncrement() < connections) {
        exchangeOnce(target);
        answered.incrementAndGet();
      }
    } catch (IOException e) {
      // The listener closed under us (shutdown), or a read timed out: what ran still counts.
      failed = true;
      LOG.debug("warm-up connection failed", e);
    } finally {
      if (running.decrementAndGet() == 0) {
        listener.close();
        Result result = new Result(answered.get(), connections, Duration.ofNanos(System.nanoTime() - start));
        if (result.answered() < connections) {
          LOG.warn("warm-up ended after {} of {} connections", result.answered(), connections);
        } else {
          LOG.info("warmed up: {} connections in {} ms", connections, result.took().toMillis());
        }
        done.complete(result);
      }
    }
  }

  /** One connection: the request, its whole answer, then the client's close. */
  private static void exchangeOnce(InetSocketAddress target) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(target, READ_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST);
      out.flush();
      readResponse(socket.getInputStream());
    }
  }

  /** Reads one response with a {@code Content-Length} (the gateway's 404 has one), or to its end. */
  private static void readResponse(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    int filled = 0;
    int bodyStart = -1;
    long length = -1;
    while (true) {
      if (filled == buffer.length) {
        throw new IOException("warm-up response head over " + buffer.length + " bytes");
      }
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        if (bodyStart < 0) {
          throw new IOException("warm-up connection closed before a response");
        }
        return;
      }
      filled += read;
      if (bodyStart < 0) {
        bodyStart = headEnd(buffer, filled);
        if (bodyStart >= 0) {
          length = contentLength(new String(buffer, 0, bodyStart, StandardCharsets.ISO_8859_1));
        }
      }
      if (bodyStart >= 0 && length >= 0 && filled - bodyStart >= length) {
        return;
      }
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
