package dev.rosetta.gateway.status;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Words a failed backend call for the client when the failure is the call's own, not the
 * backend's answer: grpc-java reports a refused connection as {@code UNAVAILABLE: io exception}
 * and its own deadline with transport details ({@code CallOptions deadline exceeded after
 * 0.0098s. Name resolution delay ...}); the client should read which backend failed and why.
 *
 * <pre>
 * UNAVAILABLE        backend 10.0.0.7:9090 is unavailable: connection refused
 * UNAVAILABLE        backend dns:///books:9090 is unavailable: no healthy replica (every address fails its health check)
 * DEADLINE_EXCEEDED  backend 10.0.0.7:9090 did not answer within the deadline
 * </pre>
 *
 * A status the backend sent itself (a description and no local cause, not in grpc-java's own
 * words) passes unchanged: it is the service's message to its client. Stateless.
 */
public final class BackendFailures {
  private BackendFailures() {}

  /** {@code status}, reworded when it is a failure to call {@code target}; otherwise {@code status} itself. */
  public static Status describe(Status status, String target) {
    String cause = cause(status);
    if (cause == null) {
      return status;
    }
    String message = status.getCode() == Status.Code.DEADLINE_EXCEEDED
        ? "backend " + target + " did not answer within the deadline" + (cause.isEmpty() ? "" : " (" + cause + ")")
        : "backend " + target + " is unavailable" + (cause.isEmpty() ? "" : ": " + cause);
    return Status.fromCode(status.getCode()).withDescription(message);
  }

  /**
   * The cause of a failure grpc-java raised on the client side, in a few words ("" when it is
   * known to be the client's own but says nothing more); null for a status the backend sent.
   */
  static String cause(Status status) {
    Status.Code code = status.getCode();
    String description = status.getDescription() == null ? "" : status.getDescription();
    String lower = description.toLowerCase(Locale.ROOT);
    if (code == Status.Code.DEADLINE_EXCEEDED) {
      // grpc-java's own deadline: "CallOptions deadline exceeded after ...", "deadline exceeded
      // after ...", "ClientCall started after CallOptions deadline was exceeded ...".
      boolean local = lower.contains("calloptions deadline") || lower.startsWith("deadline exceeded after")
          || lower.contains("deadline was exceeded");
      return local ? (lower.contains("waiting_for_connection") ? "no connection was ready" : "") : null;
    }
    if (code != Status.Code.UNAVAILABLE) {
      return null;
    }
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      String named = byException(t);
      if (named != null) {
        return named;
      }
    }
    if (lower.contains("not_serving") || lower.contains("health-check") || lower.contains("health check")) {
      return "no healthy replica (every address fails its health check)";
    }
    if (lower.startsWith("unable to resolve host") || lower.contains("name resolver")
        || lower.contains("nameresolver")) {
      return "cannot resolve its name";
    }
    if (lower.contains("goaway") || lower.contains("network closed") || lower.contains("keepalive failed")
        || lower.contains("connection closed")) {
      return "the connection was lost";
    }
    if (lower.equals("io exception") || status.getCause() != null) {
      return "connection failed";
    }
    return null;
  }

  private static String byException(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    if (t instanceof ConnectException || message.contains("connection refused")) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException) {
      return "cannot resolve its host name";
    }
    if (t instanceof NoRouteToHostException || message.contains("no route to host")) {
      return "no route to host";
    }
    if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")
        || message.contains("connection timed out")) {
      return "connection timed out";
    }
    if (t instanceof SSLException) {
      return "TLS handshake failed";
    }
    if (message.contains("connection reset")) {
      return "connection reset";
    }
    if (t instanceof ClosedChannelException) {
      return "the connection was closed";
    }
    return null;
  }
}
