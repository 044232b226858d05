package dev.rosetta.gateway.http;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's file descriptors, where the JDK tells them (on Unix). */
final class FileDescriptors {
  private FileDescriptors() {}

  /** How many more descriptors the process may open now; -1 where the JDK does not say. */
  static long free() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      return Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount());
    }
    return -1;
  }
}
