package dev.rosetta.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback in code from {@link LogOptions}: one appender on standard error (text or
 * JSON lines), the level of each logger, and java.util.logging (grpc-java's) bridged into it.
 * No logback.xml is read by default (Joran's XML parsing costs start-up time); a file given with
 * {@code -Dlogback.configurationFile} replaces all of this, flags included.
 *
 * <p>Logging is process-wide by nature (SLF4J and java.util.logging are static registries), so
 * this is the one place that touches them: at class loading through {@link DefaultConfigurator}
 * with the defaults, and again from the command line once its flags are parsed.
 */
public final class Logging {
  static final String CONFIGURATION_FILE = "logback.configurationFile";

  /**
   * grpc-java's health-check logger, held so the filter set on it lives as long as the process:
   * java.util.logging keeps its loggers only weakly, and grpc's class may load after this ran.
   */
  private static final java.util.logging.Logger GRPC_HEALTH = java.util.logging.Logger.getLogger(HealthCheckNotice.GRPC_LOGGER);

  private Logging() {}

  /**
   * Applies {@code options} to the running logback context; a no-op (but for the bridge) where
   * the operator gave a logback configuration file of their own.
   */
  public static void apply(LogOptions options) {
    if (System.getProperty(CONFIGURATION_FILE) == null) {
      configure((LoggerContext) LoggerFactory.getILoggerFactory(), options);
    }
  }

  static void configure(LoggerContext context, LogOptions options) {
    context.reset();
    // First, so each level set below also reaches the java.util.logging logger of that name, and
    // grpc's FINE records are dropped before they are built rather than after bridging.
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(context, options.format()));
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    for (Map.Entry<String, Level> level : options.levels().entrySet()) {
      String name = LogOptions.ROOT.equals(level.getKey()) ? org.slf4j.Logger.ROOT_LOGGER_NAME : level.getKey();
      context.getLogger(name).setLevel(level.getValue());
    }
    bridgeJavaUtilLogging();
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogOptions.Format format) {
    if (format == LogOptions.Format.JSON) {
      JsonLineEncoder json = new JsonLineEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    TextLineEncoder text = new TextLineEncoder();
    text.setContext(context);
    text.start();
    return text;
  }

  /** grpc-java logs through java.util.logging: its records join the others, in the same format. */
  private static synchronized void bridgeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger(); // the console handler would print them twice
      SLF4JBridgeHandler.install();
    }
    if (!(GRPC_HEALTH.getFilter() instanceof HealthCheckNotice)) {
      GRPC_HEALTH.setFilter(new HealthCheckNotice());
    }
  }
}
