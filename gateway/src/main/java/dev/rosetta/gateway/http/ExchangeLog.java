package dev.rosetta.gateway.http;

import io.grpc.Status;
import dev.rosetta.gateway.logging.RateLimitedLog;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's lines about single requests, on the {@code dev.rosetta.gateway.http} logger.
 *
 * <p>A client's bad request is not a server event, and any client can send as many as it likes:
 * what one request came to ({@link #outcome}) is written at DEBUG only; the per-request record
 * an operator keeps is the access log. The gateway's own faults (a backend response it cannot
 * convert, an unexpected exception while binding) are written at WARN, through {@link #fault}
 * alone, into the gateway's {@link #faults} log, which writes at most
 * {@value #FAULTS_PER_INTERVAL} of them every ten seconds (and then one line counting those
 * dropped): a client that finds a way to trip a fault cannot flood the log with it. Called on
 * event loops: each returns at once when its level is off.
 */
final class ExchangeLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.http");
  static final int FAULTS_PER_INTERVAL = 10;

  private ExchangeLog() {}

  /**
   * What a request came to, when it is not a success: an error the gateway answered (with its
   * reason tag) or the backend's status.
   *
   * @param request the request head; null when the error came before one was read
   * @param reason the gateway's reason tag; null for the backend's own status
   */
  static void outcome(HttpRequest request, int httpStatus, Status.Code code, String reason, String message) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {} {} [{}]: {}", request == null ? "-" : request.method(),
          request == null ? "-" : request.uri(), httpStatus, code, reason == null ? "backend" : reason, message);
    }
  }

  /**
   * A connection (or an HTTP/2 stream) closed on an I/O error (a reset, a broken pipe) or a limit
   * of the client's making: the client's business, DEBUG only.
   */
  static void closing(Object remoteAddress, Object cause) {
    LOG.debug("closing connection {}: {}", remoteAddress, String.valueOf(cause));
  }

  /** The rate-limited log of one gateway's faults (one per gateway, kept across reloads in its engines). */
  static RateLimitedLog faults() {
    return new RateLimitedLog(LOG, "gateway faults", FAULTS_PER_INTERVAL, Duration.ofSeconds(10));
  }

  /** A fault of the gateway's own while serving {@code routed}: {@code what} it could not do, and why. */
  static void fault(RoutedRequest routed, String what, Throwable cause) {
    HttpRequest request = routed.request();
    routed.engine().faults().warn("{} {}: {}: {}", request.method(), request.uri(), what, String.valueOf(cause));
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {}: {}", request.method(), request.uri(), what, cause);
    }
  }
}
