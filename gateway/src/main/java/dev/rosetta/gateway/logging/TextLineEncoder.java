package dev.rosetta.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One line per event ({@code --log-format text}, the default), as slf4j-simple wrote them before
 * logback: time, level, the logger's simple name and the message, then an exception's stack trace
 * on the lines below:
 *
 * <pre>
 * 2025-01-02T03:04:05.678Z INFO Gateway - listening on ...
 * </pre>
 *
 * <p>What logback's pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %level %logger{0} - %msg%n}
 * prints, written by hand: that pattern's layout registers some fifty converters by lambda and
 * compiles the pattern when it starts, a fifth of logging's share of a start (issue 16), and the
 * gateway starts an encoder twice (the defaults, then the flags).
 */
public final class TextLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    TIME.formatTo(event.getInstant(), line);
    line.append(' ').append(event.getLevel()).append(' ').append(simpleName(event.getLoggerName()))
        .append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The part after the last dot ({@code %logger{0}}). */
  private static String simpleName(String loggerName) {
    return loggerName.substring(loggerName.lastIndexOf('.') + 1);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
