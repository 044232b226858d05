package dev.rosetta.gateway.accesslog;

import dev.rosetta.gateway.http.CompletedExchange;
import dev.rosetta.gateway.http.ExchangeObserver;
import dev.rosetta.gateway.http.Semconv;
import dev.rosetta.gateway.status.JsonStrings;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per exchange on the SLF4J logger {@code rosetta.access}. Every line carries the
 * exchange's fields as key/value pairs under OpenTelemetry's semantic-convention names
 * ({@code http.request.method}, {@code url.path}, {@code http.response.status_code},
 * {@code rpc.grpc.status_code}, ...; {@link #fields}), which the JSON log format
 * ({@code --log-format json}) writes as top-level fields. The message is, in the {@code text}
 * format, a line for people:
 *
 * <pre>
 * GET /v1/shelves/1 route=/v1/{name=shelves/*} status=200 grpc=OK in=0 out=52 ms=1.204 id=3f2a... proto=http/1.1 [reason=no_route] [trace=4bf9...]
 * </pre>
 *
 * <p>and in the {@code json} format the same fields as one JSON object, for a shipper that reads
 * the message of a text log. Its level is INFO: {@code --log-level rosetta.access=off} silences it.
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
    LoggingEventBuilder line = log.atInfo().setMessage(format == Format.JSON ? json(exchange) : text(exchange));
    fields(exchange, line::addKeyValue);
    line.log();
  }

  /**
   * The exchange's fields in order, under their semantic-convention names; those that do not apply
   * (no query, no route, no reason, no trace) are left out.
   */
  static void fields(CompletedExchange e, BiConsumer<String, Object> field) {
    field.accept(Semconv.HTTP_REQUEST_METHOD, e.httpMethod());
    field.accept(Semconv.URL_PATH, Semconv.path(e.uri()));
    String query = Semconv.query(e.uri());
    if (query != null) {
      field.accept(Semconv.URL_QUERY, query);
    }
    if (e.route() != null) {
      field.accept(Semconv.HTTP_ROUTE, e.routeTemplate());
      field.accept(Semconv.RPC_METHOD, Semconv.rpcMethod(e.route()));
    }
    field.accept(Semconv.HTTP_RESPONSE_STATUS_CODE, e.status());
    if (e.grpcCode() != null) {
      field.accept(Semconv.RPC_GRPC_STATUS_CODE, e.grpcCode().value());
    }
    field.accept(Semconv.NETWORK_PROTOCOL_NAME, "http");
    field.accept(Semconv.NETWORK_PROTOCOL_VERSION, e.httpVersion());
    String client = Semconv.address(e.client());
    if (client != null) {
      field.accept(Semconv.CLIENT_ADDRESS, client);
    }
    field.accept(Semconv.HTTP_REQUEST_BODY_SIZE, e.bytesIn());
    field.accept(Semconv.HTTP_RESPONSE_BODY_SIZE, e.bytesOut());
    field.accept(Semconv.HTTP_SERVER_REQUEST_DURATION, e.nanos() / 1e9);
    field.accept(Semconv.ROSETTA_REQUEST_ID, e.requestId());
    field.accept(Semconv.ROSETTA_PROTOCOL, e.protocol());
    if (e.reason() != null) {
      field.accept(Semconv.ROSETTA_REASON, e.reason());
    }
    if (e.traceId() != null) {
      field.accept(Semconv.TRACE_ID, e.traceId());
      field.accept(Semconv.SPAN_ID, e.spanId());
    }
  }

  static String text(CompletedExchange e) {
    StringBuilder line = new StringBuilder(160).append(e.httpMethod()).append(' ').append(e.uri())
        .append(" route=").append(e.routeTemplate()).append(" status=").append(e.status())
        .append(" grpc=").append(e.grpcCode()).append(" in=").append(e.bytesIn()).append(" out=").append(e.bytesOut())
        .append(" ms=").append(millis(e.nanos())).append(" id=").append(e.requestId())
        .append(" proto=").append(e.protocol());
    if (e.reason() != null) {
      line.append(" reason=").append(e.reason());
    }
    if (e.traceId() != null) {
      line.append(" trace=").append(e.traceId());
    }
    return line.toString();
  }

  static String json(CompletedExchange e) {
    StringBuilder json = new StringBuilder(384).append('{');
    fields(e, (key, value) -> {
      if (json.length() > 1) {
        json.append(',');
      }
      JsonStrings.quote(key, json);
      json.append(':');
      if (value instanceof Number) {
        json.append(value);
      } else {
        JsonStrings.quote(String.valueOf(value), json);
      }
    });
    return json.append('}').toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
