package dev.rosetta.gateway.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (or, since detection needs
 * a GC, shortly before). Auto-registered for every test class through META-INF/services and
 * {@code junit.jupiter.extensions.autodetection.enabled}.
 */
public final class NoLeaksExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    List<String> leaks = LeakRecorder.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty reported " + leaks.size() + " leak(s) during or before " + context.getDisplayName()
              + ":\n" + String.join("\n", leaks));
    }
  }
}
