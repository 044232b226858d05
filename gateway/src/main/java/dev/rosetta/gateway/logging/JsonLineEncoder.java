package dev.rosetta.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.rosetta.gateway.status.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per event and line ({@code --log-format json}), for log shippers (Fluent Bit,
 * Vector, the OpenTelemetry collector's filelog receiver):
 *
 * <pre>
 * {"timestamp":"2025-01-02T03:04:05.678Z","level":"INFO","logger":"dev.rosetta.gateway.Gateway",
 *  "thread":"main","message":"listening on ..."}
 * </pre>
 *
 * <p>An exception adds {@code "exception"} (the stack trace as one string); key/value pairs given
 * through SLF4J's fluent API ({@code log.atInfo().addKeyValue("status", 200)}) become fields of
 * their own, numbers and booleans unquoted. Written by hand rather than with logback's own
 * JsonEncoder, whose objects nest the logger context and MDC in a shape no shipper expects.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256).append("{\"timestamp\":\"").append(event.getInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).append('"');
    json.append(",\"level\":\"").append(event.getLevel()).append('"');
    field(json, "logger", event.getLoggerName());
    field(json, "thread", event.getThreadName());
    field(json, "message", event.getFormattedMessage());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        json.append(',');
        JsonStrings.quote(pair.key, json);
        json.append(':');
        if (pair.value instanceof Number || pair.value instanceof Boolean) {
          json.append(pair.value);
        } else {
          JsonStrings.quote(String.valueOf(pair.value), json);
        }
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      field(json, "exception", ThrowableProxyUtil.asString(thrown));
    }
    return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append(",\"").append(name).append("\":");
    JsonStrings.quote(value == null ? "" : value, json);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
