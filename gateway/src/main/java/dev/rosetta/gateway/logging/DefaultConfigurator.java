package dev.rosetta.gateway.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration (found through META-INF/services): {@link LogOptions#defaults()}
 * until the command line applies its flags. It steps aside when {@code -Dlogback.configurationFile}
 * names a file of the operator's, which logback's own configurator then reads; otherwise it is
 * the whole configuration (ranked above logback's fallback, which would log everything at DEBUG).
 */
@ConfiguratorRank(ConfiguratorRank.FALLBACK + 5)
public final class DefaultConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(Logging.CONFIGURATION_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads the operator's file
    }
    Logging.configure(context, LogOptions.defaults());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
