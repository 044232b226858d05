package dev.rosetta.gateway.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link LeakRecorder} when the JUnit launcher opens, before any test class (and so any
 * Netty buffer class) is loaded. Registered in META-INF/services.
 */
public final class LeakRecorderSessionListener implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    LeakRecorder.install();
  }
}
