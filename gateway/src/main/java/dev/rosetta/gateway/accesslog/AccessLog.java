package dev.rosetta.gateway.accesslog;

import dev.rosetta.gateway.http.CompletedExchange;
import dev.rosetta.gateway.http.ExchangeObserver;
import dev.rosetta.gateway.status.JsonStrings;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per exchange on the SLF4J logger {@code rosetta.access}, as text or as a JSON object
 * (one per line, for log shippers). Text:
 *
 * <pre>
 * GET /v1/shelves/1 route=/v1/{name=shelves/*} status=200 grpc=OK in=0 out=52 ms=1.204 id=3f2a...
 * POST /v1/shelves route=/v1/shelves status=401 grpc=UNAUTHENTICATED in=0 out=96 ms=0.210 id=9c1e... reason=jwt_missing
 * </pre>
 *
 * <p>JSON: {@code {"method":"GET","path":"/v1/shelves/1","route":"/v1/{name=shelves/*}",
 * "status":200,"grpcCode":"OK","bytesIn":0,"bytesOut":52,"latencyMs":1.204,"requestId":"3f2a..."}}.
 * The gateway's reason tag ({@code http.Reasons}: a policy's refusal, a routing or binding
 * error, a client gone away) ends the line when the gateway decided the outcome: {@code
 * reason=...}, {@code "reason":"..."}.
 * Its level is INFO: {@code --log-level rosetta.access=off} silences it.
 */
public final class AccessLog implements ExchangeObserver {
  /** How lines are written. */
  public enum Format {
    TEXT, JSON, OFF;

    /** {@code text}, {@code json} or {@code off}, in any case. */
    public static Format parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("access log format must be text, json or off, not \"" + name + "\"", e);
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("rosetta.access");

  private final Format format;
  private final Logger log;

  public AccessLog(Format format) {
    this(format, LOG);
  }

  AccessLog(Format format, Logger log) {
    this.format = format;
    this.log = log;
  }

  @Override
  public void onStart() {}

  @Override
  public void onEnd(CompletedExchange exchange) {
    if (format == Format.OFF || !log.isInfoEnabled()) {
      return;
    }
    log.info(format == Format.JSON ? json(exchange) : text(exchange));
  }

  static String text(CompletedExchange e) {
    return e.httpMethod() + ' ' + e.uri() + " route=" + e.routeTemplate() + " status=" + e.status()
        + " grpc=" + e.grpcCode() + " in=" + e.bytesIn() + " out=" + e.bytesOut()
        + " ms=" + millis(e.nanos()) + " id=" + e.requestId() + " proto=" + e.protocol()
        + (e.reason() == null ? "" : " reason=" + e.reason());
  }

  static String json(CompletedExchange e) {
    StringBuilder json = new StringBuilder(256).append("{\"method\":");
    JsonStrings.quote(e.httpMethod(), json);
    json.append(",\"path\":");
    JsonStrings.quote(e.uri(), json);
    json.append(",\"route\":");
    JsonStrings.quote(e.routeTemplate(), json);
    json.append(",\"status\":").append(e.status()).append(",\"grpcCode\":");
    JsonStrings.quote(String.valueOf(e.grpcCode()), json);
    json.append(",\"bytesIn\":").append(e.bytesIn())
        .append(",\"bytesOut\":").append(e.bytesOut())
        .append(",\"latencyMs\":").append(millis(e.nanos()))
        .append(",\"requestId\":");
    JsonStrings.quote(e.requestId(), json);
    json.append(",\"protocol\":");
    JsonStrings.quote(e.protocol(), json);
    if (e.reason() != null) {
      json.append(",\"reason\":");
      JsonStrings.quote(e.reason(), json);
    }
    return json.append('}').toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
